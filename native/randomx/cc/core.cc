#include "core.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Dataset items initialised per step: small enough for frequent progress and
// a quick stop, large enough that the step overhead is nothing.
constexpr unsigned long kDatasetChunk = 1UL << 16;

// The blob the raw benchmark hashes: a Monero-sized hashing blob (76 bytes)
// whose nonce bytes (offset 39) change on every hash.
constexpr size_t kBenchBlobBytes = 76;
constexpr size_t kBenchNonceOffset = 39;

// RandomX v1 (Monero's rx/0) Argon2 memory: 262144 KiB.
constexpr uint64_t kCacheBytes = 256ULL << 20;

std::atomic<uint64_t> memoryInUse{0};

uint64_t DatasetBytes() { return static_cast<uint64_t>(randomx_dataset_item_count()) * RANDOMX_DATASET_ITEM_SIZE; }

}  // namespace

int CurrentNice() {
  errno = 0;
  int nice = getpriority(PRIO_PROCESS, 0);
  return errno == 0 ? nice : 0;
}

Core::Core(randomx_flags flags, bool fast, unsigned vmCount, int hashNice, Tsfn tsfn)
    : flags_(flags), fast_(fast), vmCount_(vmCount), hashNice_(hashNice), baseNice_(CurrentNice()), tsfn_(tsfn) {}

// Linux keeps a niceness per thread: this lowers the calling thread only.
// Raising niceness needs no privilege; a failure just leaves it as it was.
void Core::LowerPriority(int nice) const {
  if (nice <= 0) return;
  int target = std::min(19, baseNice_ + nice);
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), target);
}

// Never runs on a thread of this Core: the reaper holds no reference.
Core::~Core() {
  {
    std::lock_guard<std::mutex> lock(postMu_);
    tsfnGone_ = true;
  }
  Stop();
  if (reaper_.joinable()) reaper_.join();
  JoinAll();
  FreeMemory();
}

void Core::Post(Event* event) {
  std::lock_guard<std::mutex> lock(postMu_);
  // Refused only while the environment shuts down: the event is dropped.
  if (tsfnGone_ || tsfn_.NonBlockingCall(event) != napi_ok) delete event;
}

void Core::StartInit(std::vector<uint8_t> key, unsigned initThreads, int initNice, bool reportProgress,
                     InitDone* done) {
  initThread_ = std::thread(&Core::RunInit, this, std::move(key), initThreads, initNice, reportProgress, done);
}

void Core::RunInit(std::vector<uint8_t> key, unsigned initThreads, int initNice, bool reportProgress,
                   InitDone* done) {
  // The heavy part runs on its own thread at the init niceness; this thread
  // keeps the process's niceness, so the workers it starts inherit that one
  // (going back up would need a privilege).
  Failure failure;
  std::thread heavy([&]() {
    LowerPriority(initNice);
    failure = BuildMemory(key, initThreads, initNice, reportProgress, done);
  });
  heavy.join();
  if (!failure.failed()) failure = StartWorkers();
  if (failure.failed()) {
    done->failure = std::move(failure);
  } else {
    ready_ = true;
  }
  Post(done);
}

Failure Core::BuildMemory(const std::vector<uint8_t>& key, unsigned initThreads, int initNice, bool reportProgress,
                          InitDone* done) {
  const Failure disposed{codes::kDisposed, "the RandomX context was disposed during initialisation"};
  Clock::time_point start = Clock::now();
  cache_ = randomx_alloc_cache(flags_);
  if (cache_ == nullptr) {
    return Failure{codes::kAlloc, "could not allocate the RandomX cache with flags " + std::to_string(flags_)};
  }
  memoryInUse += kCacheBytes;
  if (stopping_) return disposed;
  randomx_init_cache(cache_, key.data(), key.size());
  done->cacheMs = MsSince(start);
  if (stopping_) return disposed;

  if (fast_) {
    Clock::time_point datasetStart = Clock::now();
    dataset_ = randomx_alloc_dataset(flags_);
    if (dataset_ == nullptr) {
      return Failure{codes::kAlloc, "could not allocate the RandomX dataset with flags " + std::to_string(flags_)};
    }
    memoryInUse += DatasetBytes();
    InitDataset(initThreads, initNice, reportProgress);
    if (stopping_) return disposed;
    // Fast-mode VMs read only the dataset: the cache's 256 MiB can go.
    randomx_release_cache(cache_);
    memoryInUse -= kCacheBytes;
    cache_ = nullptr;
    done->datasetMs = MsSince(datasetStart);
  } else if (reportProgress) {
    Post(new InitProgress(1, 1));
  }
  return Failure{};
}

Failure Core::StartWorkers() {
  randomx_flags vmFlags = fast_ ? (flags_ | RANDOMX_FLAG_FULL_MEM) : flags_;
  for (unsigned i = 0; i < vmCount_; ++i) {
    randomx_vm* vm = randomx_create_vm(vmFlags, cache_, dataset_);
    if (vm == nullptr) return Failure{codes::kVm, "could not create a RandomX VM with flags " + std::to_string(vmFlags)};
    vms_.push_back(vm);
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (stopping_) return Failure{codes::kDisposed, "the RandomX context was disposed during initialisation"};
  for (randomx_vm* vm : vms_) workers_.emplace_back(&Core::WorkerLoop, this, vm);
  return Failure{};
}

void Core::InitDataset(unsigned threads, int initNice, bool reportProgress) {
  const unsigned long total = randomx_dataset_item_count();
  std::atomic<unsigned long> next{0};
  std::atomic<unsigned long> finished{0};
  auto work = [&]() {
    while (!stopping_) {
      unsigned long first = next.fetch_add(kDatasetChunk);
      if (first >= total) return;
      unsigned long count = std::min(kDatasetChunk, total - first);
      randomx_init_dataset(dataset_, cache_, first, count);
      unsigned long doneItems = finished.fetch_add(count) + count;
      if (reportProgress) Post(new InitProgress(doneItems, total));
    }
  };
  std::vector<std::thread> helpers;
  // Helpers inherit the calling thread's niceness; set it again in case it could not be lowered.
  for (unsigned i = 1; i < threads; ++i) {
    helpers.emplace_back([&]() {
      LowerPriority(initNice);
      work();
    });
  }
  work();
  for (std::thread& t : helpers) t.join();
}

void Core::Submit(Batch* batch) {
  const size_t count = batch->offsets.size() - 1;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < count; ++i) queue_.push_back(Item{batch, i});
  }
  if (count == 1) {
    cv_.notify_one();
  } else {
    cv_.notify_all();
  }
}

void Core::WorkerLoop(randomx_vm* vm) {
  LowerPriority(hashNice_);
  for (;;) {
    Item item{};
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this]() { return stopping_ || !queue_.empty(); });
      if (stopping_) return;  // Stop() has taken the queue and aborted its batches
      item = queue_.front();
      queue_.pop_front();
    }
    Batch* b = item.batch;
    const size_t begin = b->offsets[item.index];
    const size_t size = b->offsets[item.index + 1] - begin;
    randomx_calculate_hash(vm, b->input.data() + begin, size, b->output.data() + 32 * item.index);
    if (b->remaining.fetch_sub(1) == 1) Post(b);
  }
}

void Core::StartBench(uint64_t count, unsigned threads, BenchDone* done) {
  benchThreads_.emplace_back(&Core::RunBench, this, count, threads, done);
}

void Core::RunBench(uint64_t count, unsigned threads, BenchDone* done) {
  randomx_flags vmFlags = fast_ ? (flags_ | RANDOMX_FLAG_FULL_MEM) : flags_;
  std::vector<randomx_vm*> vms;
  for (unsigned i = 0; i < threads; ++i) {
    randomx_vm* vm = randomx_create_vm(vmFlags, cache_, dataset_);
    if (vm == nullptr) break;
    vms.push_back(vm);
  }
  if (vms.size() != threads) {
    for (randomx_vm* vm : vms) randomx_destroy_vm(vm);
    done->failure = Failure{codes::kVm, "could not create a RandomX VM for the benchmark"};
    return Post(done);
  }

  std::atomic<uint64_t> hashed{0};
  auto loop = [&](randomx_vm* vm, uint64_t first, uint64_t n) {
    LowerPriority(hashNice_);
    uint8_t blob[kBenchBlobBytes];
    uint8_t hash[RANDOMX_HASH_SIZE];
    for (size_t i = 0; i < kBenchBlobBytes; ++i) blob[i] = static_cast<uint8_t>(i * 7 + 1);
    uint64_t i = 0;
    for (; i < n && !stopping_; ++i) {
      uint32_t nonce = static_cast<uint32_t>(first + i);
      for (size_t k = 0; k < 4; ++k) blob[kBenchNonceOffset + k] = static_cast<uint8_t>(nonce >> (8 * k));
      randomx_calculate_hash(vm, blob, kBenchBlobBytes, hash);
    }
    hashed.fetch_add(i);
  };

  Clock::time_point start = Clock::now();
  std::vector<std::thread> runners;
  uint64_t first = 0;
  for (unsigned t = 0; t < threads; ++t) {
    uint64_t n = count / threads + (t < count % threads ? 1 : 0);
    runners.emplace_back(loop, vms[t], first, n);
    first += n;
  }
  for (std::thread& r : runners) r.join();
  done->seconds = MsSince(start) / 1000.0;
  done->hashes = hashed.load();
  for (randomx_vm* vm : vms) randomx_destroy_vm(vm);
  if (stopping_) done->failure = Failure{codes::kDisposed, "the RandomX context was disposed during the benchmark"};
  Post(done);
}

void Core::Stop() {
  std::deque<Item> aborted;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) return;
    stopping_ = true;
    aborted.swap(queue_);
  }
  cv_.notify_all();
  for (const Item& item : aborted) {
    item.batch->aborted = true;
    if (item.batch->remaining.fetch_sub(1) == 1) Post(item.batch);
  }
}

void Core::JoinAll() {
  if (initThread_.joinable()) initThread_.join();
  for (std::thread& t : benchThreads_) {
    if (t.joinable()) t.join();
  }
  // The init thread has finished: workers_ is no longer written.
  for (std::thread& t : workers_) {
    if (t.joinable()) t.join();
  }
}

void Core::FreeMemory() {
  for (randomx_vm* vm : vms_) randomx_destroy_vm(vm);
  vms_.clear();
  if (dataset_ != nullptr) {
    randomx_release_dataset(dataset_);
    memoryInUse -= DatasetBytes();
  }
  dataset_ = nullptr;
  if (cache_ != nullptr) {
    randomx_release_cache(cache_);
    memoryInUse -= kCacheBytes;
  }
  cache_ = nullptr;
}

uint64_t Core::MemoryInUse() { return memoryInUse.load(); }

void Core::ReleaseInBackground() {
  Stop();
  if (reaper_.joinable()) return;
  // The JsSide keeps this Core alive until the finalizer has joined the reaper.
  reaper_ = std::thread([this]() {
    JoinAll();
    FreeMemory();
    std::lock_guard<std::mutex> lock(postMu_);
    if (!tsfnGone_) tsfn_.Release();
  });
}

void Core::OnTsfnFinalized() {
  {
    std::lock_guard<std::mutex> lock(postMu_);
    tsfnGone_ = true;
  }
  Stop();
  if (reaper_.joinable()) reaper_.join();
  JoinAll();
}

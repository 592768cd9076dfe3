// The native half of one RandomX context: cache (and dataset in fast mode),
// one VM per worker thread, a queue of blobs to hash. No JavaScript values
// here except the thread-safe function used to post events back.
#pragma once

#include <randomx.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "events.h"

class Core {
 public:
  // `hashNice` is added to the process's niceness for the hashing and
  // benchmark threads: the JavaScript thread then never waits behind them.
  Core(randomx_flags flags, bool fast, unsigned vmCount, int hashNice, Tsfn tsfn);
  ~Core();
  Core(const Core&) = delete;
  Core& operator=(const Core&) = delete;

  // Builds cache, dataset (fast mode) and VMs on native threads, then starts
  // the workers. `done` is posted when finished, progress events meanwhile.
  // `initNice` likewise for the threads that build the cache and dataset.
  void StartInit(std::vector<uint8_t> key, unsigned initThreads, int initNice, bool reportProgress,
                 InitDone* done);

  // Queues every blob of the batch; the batch is posted back when hashed.
  void Submit(Batch* batch);

  // A tight loop of `count` hashes on `threads` fresh VMs, off the main thread.
  void StartBench(uint64_t count, unsigned threads, BenchDone* done);

  // Stops taking work and aborts queued blobs. Main thread, idempotent.
  void Stop();

  bool ready() const { return ready_.load(); }

  // Bytes of cache and dataset held by all contexts of the process.
  static uint64_t MemoryInUse();

  // Stop(), then on a reaper thread: join every thread, free the RandomX
  // memory and release the thread-safe function. Main thread, once.
  void ReleaseInBackground();

  // The thread-safe function's finalizer: after this no thread may post.
  // Joins whatever still runs (at environment teardown). Main thread.
  void OnTsfnFinalized();

 private:
  struct Item {
    Batch* batch;
    size_t index;
  };

  void RunInit(std::vector<uint8_t> key, unsigned initThreads, int initNice, bool reportProgress, InitDone* done);
  Failure BuildMemory(const std::vector<uint8_t>& key, unsigned initThreads, int initNice, bool reportProgress,
                      InitDone* done);
  void InitDataset(unsigned threads, int initNice, bool reportProgress);
  Failure StartWorkers();
  void LowerPriority(int nice) const;
  void WorkerLoop(randomx_vm* vm);
  void RunBench(uint64_t count, unsigned threads, BenchDone* done);
  void Post(Event* event);
  void JoinAll();
  void FreeMemory();

  const randomx_flags flags_;
  const bool fast_;
  const unsigned vmCount_;
  const int hashNice_;
  const int baseNice_;  // the process's niceness when the context was made
  Tsfn tsfn_;

  std::atomic<bool> stopping_{false};
  std::atomic<bool> ready_{false};

  randomx_cache* cache_ = nullptr;
  randomx_dataset* dataset_ = nullptr;
  std::vector<randomx_vm*> vms_;

  std::mutex postMu_;
  bool tsfnGone_ = false;  // guarded by postMu_

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  std::vector<std::thread> workers_;  // written by the init thread under mu_
  std::thread initThread_;
  std::vector<std::thread> benchThreads_;  // main thread only
  std::thread reaper_;                     // main thread only
};

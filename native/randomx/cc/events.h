// Results that native threads hand back to the JavaScript thread.
//
// Every piece of work ends in an Event posted through one thread-safe function
// per context; Deliver() runs on the main thread, which is the only place that
// touches JavaScript values (promises, callbacks, buffers).
#pragma once

#include <napi.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

class Core;
struct JsSide;

struct Event {
  virtual ~Event() = default;
  virtual void Deliver(Napi::Env env, JsSide& js) = 0;
};

void CallJs(Napi::Env env, Napi::Function unused, JsSide* js, Event* event);

using Tsfn = Napi::TypedThreadSafeFunction<JsSide, Event, CallJs>;

// Main-thread state of one context. Owned by the thread-safe function and
// deleted in its finalizer, after the last event was delivered.
struct JsSide {
  Tsfn tsfn;
  std::shared_ptr<Core> core;
  int pending = 0;
  Napi::FunctionReference onProgress;

  // Keeps the event loop alive while work is outstanding, and only then.
  void Begin(Napi::Env env);
  void End(Napi::Env env);
};

// An Error with a string `code` property, mapped to a typed error in TypeScript.
Napi::Error CodedError(Napi::Env env, const char* code, const std::string& message);

// A failure detected on a native thread, turned into a rejection on delivery.
struct Failure {
  const char* code = nullptr;
  std::string message;
  bool failed() const { return code != nullptr; }
};

namespace codes {
constexpr const char* kInput = "ERR_RANDOMX_INPUT";
constexpr const char* kState = "ERR_RANDOMX_STATE";
constexpr const char* kDisposed = "ERR_RANDOMX_DISPOSED";
constexpr const char* kAlloc = "ERR_RANDOMX_ALLOC";
constexpr const char* kVm = "ERR_RANDOMX_VM";
}  // namespace codes

// Many blobs hashed in one crossing; inputs are copied in before any thread
// sees the batch. Each item is hashed by whichever worker takes it; the
// worker that finishes the last item posts the batch back.
struct Batch final : Event {
  Batch(Napi::Env env, size_t count);
  void Deliver(Napi::Env env, JsSide& js) override;

  Napi::Promise::Deferred deferred;
  std::vector<uint8_t> input;    // all blobs, back to back
  std::vector<size_t> offsets;   // count + 1 offsets into input
  std::vector<uint8_t> output;   // 32 bytes per blob
  std::atomic<size_t> remaining;
  std::atomic<bool> aborted{false};
};

struct InitProgress final : Event {
  InitProgress(uint64_t done, uint64_t total) : done(done), total(total) {}
  void Deliver(Napi::Env env, JsSide& js) override;
  uint64_t done;
  uint64_t total;
};

// The last event of an init or a benchmark: settles its promise.
struct Completion : Event {
  explicit Completion(Napi::Env env) : deferred(Napi::Promise::Deferred::New(env)) {}
  void Deliver(Napi::Env env, JsSide& js) override;
  virtual Napi::Value Result(Napi::Env env) = 0;
  Napi::Promise::Deferred deferred;
  Failure failure;
};

struct InitDone final : Completion {
  using Completion::Completion;
  void Deliver(Napi::Env env, JsSide& js) override;
  Napi::Value Result(Napi::Env env) override;
  double cacheMs = 0;
  double datasetMs = 0;
};

struct BenchDone final : Completion {
  using Completion::Completion;
  Napi::Value Result(Napi::Env env) override;
  uint64_t hashes = 0;
  double seconds = 0;
};

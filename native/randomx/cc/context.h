// JavaScript class `Context`: argument checks, then hands work to Core.
#pragma once

#include <napi.h>

#include <memory>

#include "core.h"

namespace limits {
constexpr size_t kMaxInputBytes = 1024;
constexpr size_t kMaxBatch = 65536;
constexpr size_t kMaxKeyBytes = 256;
constexpr unsigned kMaxThreads = 256;
}  // namespace limits

class Context : public Napi::ObjectWrap<Context> {
 public:
  static Napi::Function Define(Napi::Env env);

  // new Context(flags, fast, vmThreads, nice?)
  explicit Context(const Napi::CallbackInfo& info);
  ~Context() override;

 private:
  // init(key, initThreads, onProgress?, initNice?) → Promise<{ cacheMs, datasetMs }>
  Napi::Value Init(const Napi::CallbackInfo& info);
  // hashBatch(blobs) → Promise<Buffer> (32 bytes per blob, in order)
  Napi::Value HashBatch(const Napi::CallbackInfo& info);
  // bench(count, threads) → Promise<{ hashes, seconds }>
  Napi::Value Bench(const Napi::CallbackInfo& info);
  // dispose(): stops the workers and frees the memory in the background.
  Napi::Value Dispose(const Napi::CallbackInfo& info);
  Napi::Value IsReady(const Napi::CallbackInfo& info);
  Napi::Value IsDisposed(const Napi::CallbackInfo& info);

  void RequireLive(Napi::Env env) const;
  void RequireReady(Napi::Env env) const;
  void DisposeNow();

  std::shared_ptr<Core> core_;
  JsSide* js_ = nullptr;  // deleted by the thread-safe function's finalizer
  bool initStarted_ = false;
  bool disposed_ = false;
};

#include "context.h"

#include <string>
#include <vector>

namespace {

void JsSideFinalizer(Napi::Env /*env*/, void* /*data*/, JsSide* js) {
  js->core->OnTsfnFinalized();
  delete js;  // drops the last reference to the Core unless the JS object still lives
}

unsigned ThreadCount(const Napi::Value& value, const char* name) {
  if (!value.IsNumber()) throw CodedError(value.Env(), codes::kInput, std::string(name) + " must be a number");
  double n = value.As<Napi::Number>().DoubleValue();
  if (!(n >= 1 && n <= limits::kMaxThreads) || n != static_cast<double>(static_cast<unsigned>(n))) {
    throw CodedError(value.Env(), codes::kInput,
                     std::string(name) + " must be an integer from 1 to " + std::to_string(limits::kMaxThreads));
  }
  return static_cast<unsigned>(n);
}

int Nice(const Napi::Value& value, const char* name) {
  if (!value.IsNumber()) throw CodedError(value.Env(), codes::kInput, std::string(name) + " must be a number");
  double n = value.As<Napi::Number>().DoubleValue();
  if (!(n >= 0 && n <= 19) || n != static_cast<double>(static_cast<int>(n))) {
    throw CodedError(value.Env(), codes::kInput, std::string(name) + " must be an integer from 0 to 19");
  }
  return static_cast<int>(n);
}

Napi::Uint8Array Bytes(const Napi::Value& value, const std::string& name) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_uint8_array) {
    throw CodedError(value.Env(), codes::kInput, name + " must be a Buffer or Uint8Array");
  }
  return value.As<Napi::Uint8Array>();
}

}  // namespace

Napi::Function Context::Define(Napi::Env env) {
  return DefineClass(env, "Context",
                     {
                         InstanceMethod<&Context::Init>("init"),
                         InstanceMethod<&Context::HashBatch>("hashBatch"),
                         InstanceMethod<&Context::Bench>("bench"),
                         InstanceMethod<&Context::Dispose>("dispose"),
                         InstanceAccessor<&Context::IsReady>("ready"),
                         InstanceAccessor<&Context::IsDisposed>("disposed"),
                     });
}

Context::Context(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Context>(info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsNumber() || !info[1].IsBoolean()) {
    throw CodedError(env, codes::kInput, "new Context(flags: number, fast: boolean, threads: number, nice?: number)");
  }
  int64_t flags = info[0].As<Napi::Number>().Int64Value();
  if (flags < 0 || flags > 0xff) throw CodedError(env, codes::kInput, "flags must be a RandomX flag set (0-255)");
  bool fast = info[1].As<Napi::Boolean>().Value();
  unsigned threads = ThreadCount(info[2], "threads");
  int nice = info.Length() > 3 && !info[3].IsUndefined() ? Nice(info[3], "nice") : 0;

  // Flags that the context sets itself: FULL_MEM follows the mode.
  randomx_flags base = static_cast<randomx_flags>(flags & ~static_cast<int64_t>(RANDOMX_FLAG_FULL_MEM));
  js_ = new JsSide();
  js_->tsfn = Tsfn::New(env, "rxpool-randomx", 0, 1, js_, JsSideFinalizer);
  js_->tsfn.Unref(env);  // idle contexts do not keep the process alive
  core_ = std::make_shared<Core>(base, fast, threads, nice, js_->tsfn);
  js_->core = core_;
}

Context::~Context() { DisposeNow(); }

void Context::RequireLive(Napi::Env env) const {
  if (disposed_) throw CodedError(env, codes::kDisposed, "the RandomX context was disposed");
}

void Context::RequireReady(Napi::Env env) const {
  RequireLive(env);
  if (!core_->ready()) throw CodedError(env, codes::kState, "the RandomX context is not initialised");
}

Napi::Value Context::Init(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireLive(env);
  if (initStarted_) throw CodedError(env, codes::kState, "init() was already called on this context");
  Napi::Uint8Array key = Bytes(info[0], "key");
  if (key.ByteLength() == 0 || key.ByteLength() > limits::kMaxKeyBytes) {
    throw CodedError(env, codes::kInput, "key must be 1 to " + std::to_string(limits::kMaxKeyBytes) + " bytes");
  }
  unsigned initThreads = ThreadCount(info[1], "initThreads");
  bool progress = info.Length() > 2 && info[2].IsFunction();
  int initNice = info.Length() > 3 && !info[3].IsUndefined() ? Nice(info[3], "initNice") : 0;
  if (progress) js_->onProgress = Napi::Persistent(info[2].As<Napi::Function>());

  std::vector<uint8_t> keyCopy(key.Data(), key.Data() + key.ByteLength());
  auto* done = new InitDone(env);
  Napi::Promise promise = done->deferred.Promise();
  initStarted_ = true;
  js_->Begin(env);
  core_->StartInit(std::move(keyCopy), initThreads, initNice, progress, done);
  return promise;
}

Napi::Value Context::HashBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireReady(env);
  if (info.Length() < 1 || !info[0].IsArray()) throw CodedError(env, codes::kInput, "blobs must be an array");
  Napi::Array blobs = info[0].As<Napi::Array>();
  const uint32_t count = blobs.Length();
  if (count == 0 || count > limits::kMaxBatch) {
    throw CodedError(env, codes::kInput, "a batch holds 1 to " + std::to_string(limits::kMaxBatch) + " blobs");
  }

  // Check and copy everything before any thread sees the batch.
  auto batch = std::make_unique<Batch>(env, count);
  size_t offset = 0;
  batch->offsets.push_back(0);
  for (uint32_t i = 0; i < count; ++i) {
    Napi::Uint8Array blob = Bytes(blobs.Get(i), "blob " + std::to_string(i));
    size_t size = blob.ByteLength();
    if (size == 0 || size > limits::kMaxInputBytes) {
      throw CodedError(env, codes::kInput,
                       "blob " + std::to_string(i) + " must be 1 to " + std::to_string(limits::kMaxInputBytes) +
                           " bytes, got " + std::to_string(size));
    }
    batch->input.insert(batch->input.end(), blob.Data(), blob.Data() + size);
    offset += size;
    batch->offsets.push_back(offset);
  }
  Napi::Promise promise = batch->deferred.Promise();
  js_->Begin(env);
  core_->Submit(batch.release());
  return promise;
}

Napi::Value Context::Bench(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireReady(env);
  if (info.Length() < 2 || !info[0].IsNumber()) throw CodedError(env, codes::kInput, "bench(count, threads)");
  double count = info[0].As<Napi::Number>().DoubleValue();
  if (!(count >= 1 && count <= 1e9)) throw CodedError(env, codes::kInput, "count must be from 1 to 1e9");
  unsigned threads = ThreadCount(info[1], "threads");
  auto* done = new BenchDone(env);
  Napi::Promise promise = done->deferred.Promise();
  js_->Begin(env);
  core_->StartBench(static_cast<uint64_t>(count), threads, done);
  return promise;
}

Napi::Value Context::Dispose(const Napi::CallbackInfo& info) {
  DisposeNow();
  return info.Env().Undefined();
}

void Context::DisposeNow() {
  if (disposed_ || !core_) return;
  disposed_ = true;
  core_->ReleaseInBackground();
}

Napi::Value Context::IsReady(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), !disposed_ && core_ && core_->ready());
}

Napi::Value Context::IsDisposed(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), disposed_); }

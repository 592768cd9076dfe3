#include "events.h"

#include <memory>

void CallJs(Napi::Env env, Napi::Function /*unused*/, JsSide* js, Event* event) {
  std::unique_ptr<Event> owned(event);
  // A null env means the environment is going away: drop the event.
  if (static_cast<napi_env>(env) == nullptr || js == nullptr || event == nullptr) return;
  event->Deliver(env, *js);
}

void JsSide::Begin(Napi::Env env) {
  if (pending++ == 0) tsfn.Ref(env);
}

void JsSide::End(Napi::Env env) {
  if (--pending == 0) tsfn.Unref(env);
}

Napi::Error CodedError(Napi::Env env, const char* code, const std::string& message) {
  Napi::Error error = Napi::Error::New(env, message);
  error.Set("code", Napi::String::New(env, code));
  return error;
}

Batch::Batch(Napi::Env env, size_t count)
    : deferred(Napi::Promise::Deferred::New(env)), output(count * 32), remaining(count) {
  offsets.reserve(count + 1);
}

void Batch::Deliver(Napi::Env env, JsSide& js) {
  Napi::HandleScope scope(env);
  js.End(env);
  if (aborted.load()) {
    deferred.Reject(CodedError(env, codes::kDisposed, "the RandomX context was disposed").Value());
    return;
  }
  deferred.Resolve(Napi::Buffer<uint8_t>::Copy(env, output.data(), output.size()));
}

void InitProgress::Deliver(Napi::Env env, JsSide& js) {
  if (js.onProgress.IsEmpty()) return;
  Napi::HandleScope scope(env);
  // A throwing progress callback must not take the process down; the
  // wrapper's callback catches its own errors, this is the last guard.
  try {
    js.onProgress.Call({Napi::Number::New(env, static_cast<double>(done)),
                        Napi::Number::New(env, static_cast<double>(total))});
  } catch (const Napi::Error&) {
  }
}

void Completion::Deliver(Napi::Env env, JsSide& js) {
  Napi::HandleScope scope(env);
  js.End(env);
  if (failure.failed()) {
    deferred.Reject(CodedError(env, failure.code, failure.message).Value());
  } else {
    deferred.Resolve(Result(env));
  }
}

void InitDone::Deliver(Napi::Env env, JsSide& js) {
  js.onProgress.Reset();
  Completion::Deliver(env, js);
}

Napi::Value InitDone::Result(Napi::Env env) {
  Napi::Object timings = Napi::Object::New(env);
  timings.Set("cacheMs", Napi::Number::New(env, cacheMs));
  timings.Set("datasetMs", Napi::Number::New(env, datasetMs));
  return timings;
}

Napi::Value BenchDone::Result(Napi::Env env) {
  Napi::Object result = Napi::Object::New(env);
  result.Set("hashes", Napi::Number::New(env, static_cast<double>(hashes)));
  result.Set("seconds", Napi::Number::New(env, seconds));
  return result;
}

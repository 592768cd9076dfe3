// rxpool_randomx: RandomX over the system librandomx, never on the event loop.
#include <napi.h>
#include <randomx.h>

#include "context.h"
#include "core.h"

namespace {

Napi::Value GetFlags(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(randomx_get_flags()));
}

Napi::Value MemoryInUse(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(Core::MemoryInUse()));
}

Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  exports.Set("Context", Context::Define(env));
  exports.Set("getFlags", Napi::Function::New<GetFlags>(env, "getFlags"));
  exports.Set("memoryInUse", Napi::Function::New<MemoryInUse>(env, "memoryInUse"));

  Napi::Object flags = Napi::Object::New(env);
  flags.Set("LARGE_PAGES", static_cast<double>(RANDOMX_FLAG_LARGE_PAGES));
  flags.Set("HARD_AES", static_cast<double>(RANDOMX_FLAG_HARD_AES));
  flags.Set("FULL_MEM", static_cast<double>(RANDOMX_FLAG_FULL_MEM));
  flags.Set("JIT", static_cast<double>(RANDOMX_FLAG_JIT));
  flags.Set("SECURE", static_cast<double>(RANDOMX_FLAG_SECURE));
  flags.Set("ARGON2_SSSE3", static_cast<double>(RANDOMX_FLAG_ARGON2_SSSE3));
  flags.Set("ARGON2_AVX2", static_cast<double>(RANDOMX_FLAG_ARGON2_AVX2));
  exports.Set("flags", flags);

  Napi::Object limitsObject = Napi::Object::New(env);
  limitsObject.Set("hashBytes", static_cast<double>(RANDOMX_HASH_SIZE));
  limitsObject.Set("maxInputBytes", static_cast<double>(limits::kMaxInputBytes));
  limitsObject.Set("maxBatch", static_cast<double>(limits::kMaxBatch));
  limitsObject.Set("maxKeyBytes", static_cast<double>(limits::kMaxKeyBytes));
  limitsObject.Set("maxThreads", static_cast<double>(limits::kMaxThreads));
  exports.Set("limits", limitsObject);
  return exports;
}

}  // namespace

NODE_API_MODULE(rxpool_randomx, InitModule)

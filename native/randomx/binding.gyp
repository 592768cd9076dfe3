{
  "targets": [
    {
      "target_name": "rxpool_randomx",
      "sources": ["cc/addon.cc", "cc/context.cc", "cc/core.cc", "cc/events.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-std=gnu++17"],
      "cflags": ["-Wall", "-Wextra", "-Werror", "-O2"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra", "-Werror", "-O2"],
      "libraries": ["-lrandomx", "-lpthread"]
    }
  ]
}

#include "bridge/oath/qr_image.h"

#include <png.h>
#include <zbar.h>

#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "bridge/shared_library.h"

namespace bridge::oath {
namespace {

constexpr unsigned kMaxSide = 8192;

Error Bad(const std::string& path, std::string_view why) {
  return MakeError(ErrorKind::kInvalidInput, path + ": " + std::string(why));
}

// zbar is loaded with dlopen on first use, not linked: libzbar drags in 15
// more libraries (X11, v4l, dbus, systemd, gcrypt…) whose symbol lookups
// tripled keybridge's start-up for every command (tools/bench/bench.py
// code_end_to_end), while only `oath accounts add --qr` needs it.
#define KEYBRIDGE_ZBAR_FUNCTIONS(X) \
  X(zbar_image_scanner_create)      \
  X(zbar_image_scanner_set_config)  \
  X(zbar_image_scanner_destroy)     \
  X(zbar_image_create)              \
  X(zbar_image_set_format)          \
  X(zbar_image_set_size)            \
  X(zbar_image_set_data)            \
  X(zbar_image_destroy)             \
  X(zbar_scan_image)                \
  X(zbar_image_first_symbol)        \
  X(zbar_symbol_get_data_length)    \
  X(zbar_symbol_get_data)

// zbar.h declares its C API in namespace zbar in C++.
#define KEYBRIDGE_ZBAR_MEMBER(name) decltype(&zbar::name) name = nullptr;

struct Zbar {
  KEYBRIDGE_ZBAR_FUNCTIONS(KEYBRIDGE_ZBAR_MEMBER)
};

// The loaded library, or nullptr if libzbar.so.0 is missing or incomplete.
const Zbar* LoadZbar() {
  return LoadApi<Zbar>("libzbar.so.0", [](SharedLibrary& lib, Zbar& api) {
    KEYBRIDGE_ZBAR_FUNCTIONS(KEYBRIDGE_API_BIND)
  });
}

// libpng (and libz, libm below it) is loaded with dlopen on first use, like
// zbar: only `--qr` reads PNG files (bridge/shared_library.h).
#define KEYBRIDGE_PNG_FUNCTIONS(X)  \
  X(png_sig_cmp)                    \
  X(png_create_read_struct)         \
  X(png_create_info_struct)         \
  X(png_destroy_read_struct)        \
  X(png_set_longjmp_fn)             \
  X(png_init_io)                    \
  X(png_set_sig_bytes)              \
  X(png_set_user_limits)            \
  X(png_read_info)                  \
  X(png_get_image_width)            \
  X(png_get_image_height)           \
  X(png_get_color_type)             \
  X(png_get_bit_depth)              \
  X(png_set_strip_16)               \
  X(png_set_palette_to_rgb)         \
  X(png_set_expand_gray_1_2_4_to_8) \
  X(png_get_valid)                  \
  X(png_set_tRNS_to_alpha)          \
  X(png_set_rgb_to_gray_fixed)      \
  X(png_set_background)             \
  X(png_read_update_info)           \
  X(png_get_rowbytes)               \
  X(png_read_image)                 \
  X(png_read_end)

struct Png {
  KEYBRIDGE_PNG_FUNCTIONS(KEYBRIDGE_API_MEMBER)
};

// The bound library, or nullptr if libpng16.so.16 is missing or incomplete.
const Png* LoadPng() {
  return LoadApi<Png>("libpng16.so.16", [](SharedLibrary& lib, Png& api) {
    KEYBRIDGE_PNG_FUNCTIONS(KEYBRIDGE_API_BIND)
  });
}

}  // namespace

Result<SecretBytes> DecodeQrGrey(std::span<const uint8_t> pixels,
                                 unsigned width, unsigned height) {
  using namespace zbar;  // zbar.h declares its C API in namespace zbar in C++
  if (width == 0 || height == 0 ||
      pixels.size() != static_cast<size_t>(width) * height) {
    return MakeError(ErrorKind::kInvalidInput, "bad image size");
  }
  const Zbar* z = LoadZbar();
  if (z == nullptr) {
    return MakeError(ErrorKind::kInvalidInput,
                     "QR images need libzbar0 (apt-get install libzbar0)");
  }
  zbar_image_scanner_t* scanner = z->zbar_image_scanner_create();
  z->zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  z->zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  zbar_image_t* image = z->zbar_image_create();
  z->zbar_image_set_format(image, zbar_fourcc('Y', '8', '0', '0'));
  z->zbar_image_set_size(image, width, height);
  z->zbar_image_set_data(image, pixels.data(), pixels.size(), nullptr);
  int n = z->zbar_scan_image(scanner, image);
  Result<SecretBytes> out =
      MakeError(ErrorKind::kInvalidInput, "no QR code found in the image");
  if (n > 1) {
    out =
        MakeError(ErrorKind::kInvalidInput, "the image holds several QR codes");
  } else if (n == 1) {
    const zbar_symbol_t* sym = z->zbar_image_first_symbol(image);
    unsigned len = z->zbar_symbol_get_data_length(sym);
    const char* data = z->zbar_symbol_get_data(sym);
    out = SecretBytes(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data), len));
  }
  z->zbar_image_destroy(image);  // the symbol data is freed (not wiped) here
  z->zbar_image_scanner_destroy(scanner);
  return out;
}

Result<SecretBytes> DecodeQrImage(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return Bad(path, std::strerror(errno));
  std::unique_ptr<FILE, int (*)(FILE*)> closer(f, &std::fclose);
  const Png* p = LoadPng();
  if (p == nullptr) {
    return Bad(path,
               "QR images need libpng16-16 (apt-get install libpng16-16)");
  }
  png_byte sig[8];
  if (std::fread(sig, 1, 8, f) != 8 || p->png_sig_cmp(sig, 0, 8) != 0) {
    return Bad(path, "not a PNG file");
  }
  png_structp png = p->png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr,
                                              nullptr, nullptr);
  png_infop info = png ? p->png_create_info_struct(png) : nullptr;
  if (png == nullptr || info == nullptr) {
    p->png_destroy_read_struct(&png, &info, nullptr);
    return Bad(path, "out of memory");
  }
  std::vector<uint8_t> grey;
  std::vector<png_bytep> rows;
  png_uint_32 width = 0, height = 0;
  // png_jmpbuf(png), spelled out to call through the loaded library.
  if (setjmp(*p->png_set_longjmp_fn(png, longjmp, sizeof(jmp_buf)))) {
    p->png_destroy_read_struct(&png, &info, nullptr);
    return Bad(path, "damaged PNG");
  }
  p->png_init_io(png, f);
  p->png_set_sig_bytes(png, 8);
  p->png_set_user_limits(png, kMaxSide, kMaxSide);
  p->png_read_info(png, info);
  width = p->png_get_image_width(png, info);
  height = p->png_get_image_height(png, info);
  int color = p->png_get_color_type(png, info);
  int depth = p->png_get_bit_depth(png, info);
  if (depth == 16) p->png_set_strip_16(png);
  if (color == PNG_COLOR_TYPE_PALETTE) p->png_set_palette_to_rgb(png);
  if (color == PNG_COLOR_TYPE_GRAY && depth < 8) {
    p->png_set_expand_gray_1_2_4_to_8(png);
  }
  if (p->png_get_valid(png, info, PNG_INFO_tRNS)) p->png_set_tRNS_to_alpha(png);
  if (color == PNG_COLOR_TYPE_RGB || color == PNG_COLOR_TYPE_RGB_ALPHA ||
      color == PNG_COLOR_TYPE_PALETTE) {
    p->png_set_rgb_to_gray_fixed(png, 1, -1, -1);
  }
  // Composite alpha on white so transparent margins read as background.
  png_color_16 white = {0, 255, 255, 255, 255};
  p->png_set_background(png, &white, PNG_BACKGROUND_GAMMA_SCREEN, 0, 1.0);
  p->png_read_update_info(png, info);
  if (p->png_get_rowbytes(png, info) != width) {
    p->png_destroy_read_struct(&png, &info, nullptr);
    return Bad(path, "unsupported PNG layout");
  }
  grey.resize(static_cast<size_t>(width) * height);
  rows.resize(height);
  for (png_uint_32 y = 0; y < height; ++y) rows[y] = &grey[y * width];
  p->png_read_image(png, rows.data());
  p->png_read_end(png, nullptr);
  p->png_destroy_read_struct(&png, &info, nullptr);
  auto r = DecodeQrGrey(grey, width, height);
  if (!r.ok()) return Bad(path, r.error().message);
  return r;
}

}  // namespace bridge::oath

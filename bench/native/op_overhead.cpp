// libtorch C++ reference for bench/Trainer.Bench: times the same tensor operations as the C# benchmark
// and the PyTorch script, with the same warm-up and repetition counts, and prints one line per
// operation: `<name> <median ns per op>`. Lines starting with '#' are comments.
//
// Usage: op_overhead [--iterations N] [--repetitions R] [--big-iterations M] [--threads T]
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <vector>

namespace {

struct Settings {
  int64_t iterations = 200000;     // ops per repetition for the 16-element ops
  int64_t big_iterations = 10;     // ops per repetition for the 16M-element ops
  int repetitions = 11;
  int threads = 1;
};

int64_t parse_int(const char* text) {
  char* end = nullptr;
  const auto value = std::strtoll(text, &end, 10);
  if (end == text || *end != '\0' || value < 1) {
    std::fprintf(stderr, "op_overhead: '%s' is not a positive integer\n", text);
    std::exit(2);
  }
  return value;
}

Settings parse(int argc, char** argv) {
  Settings s;
  for (int i = 1; i + 1 < argc; i += 2) {
    const char* value = argv[i + 1];
    if (std::strcmp(argv[i], "--iterations") == 0) s.iterations = parse_int(value);
    else if (std::strcmp(argv[i], "--big-iterations") == 0) s.big_iterations = parse_int(value);
    else if (std::strcmp(argv[i], "--repetitions") == 0) s.repetitions = static_cast<int>(parse_int(value));
    else if (std::strcmp(argv[i], "--threads") == 0) s.threads = static_cast<int>(parse_int(value));
    else {
      std::fprintf(stderr, "op_overhead: unknown option %s\n", argv[i]);
      std::exit(2);
    }
  }
  return s;
}

// Runs `loop(iterations)` once as warm-up, then `repetitions` times; prints the median ns per op.
void measure(const char* name, const std::function<void(int64_t)>& loop, int64_t iterations, int repetitions) {
  loop(std::max<int64_t>(1, iterations / 2));
  std::vector<double> samples;
  for (int r = 0; r < repetitions; ++r) {
    const auto start = std::chrono::steady_clock::now();
    loop(iterations);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    samples.push_back(std::chrono::duration<double, std::nano>(elapsed).count() / static_cast<double>(iterations));
  }
  std::sort(samples.begin(), samples.end());
  std::printf("%s %.2f\n", name, samples[samples.size() / 2]);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  const auto s = parse(argc, argv);
  at::set_num_threads(s.threads);
  std::printf("# threads %d\n", at::get_num_threads());

  // A near-empty libtorch call: what remains is the cost of calling into the library at all.
  measure("get_num_threads", [](int64_t n) { for (int64_t i = 0; i < n; ++i) at::get_num_threads(); },
          s.iterations, s.repetitions);

  auto a = at::rand({16});
  auto b = at::rand({16});
  measure("add_inplace_16", [&](int64_t n) { for (int64_t i = 0; i < n; ++i) a.add_(b); }, s.iterations, s.repetitions);
  measure("add_alpha_inplace_16", [&](int64_t n) { for (int64_t i = 0; i < n; ++i) a.add_(b, 0.5); },
          s.iterations, s.repetitions);
  measure("add_16", [&](int64_t n) { for (int64_t i = 0; i < n; ++i) { auto c = a.add(b); } },
          s.iterations, s.repetitions);
  measure("mul_scalar_inplace_16", [&](int64_t n) { for (int64_t i = 0; i < n; ++i) a.mul_(2.0); },
          s.iterations, s.repetitions);

  auto x = at::rand({16L << 20});
  auto y = at::rand({16L << 20});
  measure("add_16M", [&](int64_t n) { for (int64_t i = 0; i < n; ++i) { auto z = x.add(y); } },
          s.big_iterations, s.repetitions);
  measure("add_inplace_16M", [&](int64_t n) { for (int64_t i = 0; i < n; ++i) x.add_(y); },
          s.big_iterations, s.repetitions);
  return 0;
}

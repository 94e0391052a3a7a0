#include <openssl/rand.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "core/clock.hpp"

namespace radfraga {

UnixSeconds SystemClock::now() const {
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

void SystemRandom::fill(std::span<unsigned char> out) {
    if (out.empty()) return;
    if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
        std::fputs("radfraga: the system's random number generator failed\n", stderr);
        std::abort();
    }
}

}  // namespace radfraga

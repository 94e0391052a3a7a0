// The clock and the randomness are injected everywhere, so tests control time and tokens.
#pragma once
#include <cstdint>
#include <span>

namespace radfraga {

// Seconds since the Unix epoch, UTC. All stored times are in this unit.
using UnixSeconds = std::int64_t;

class Clock {
  public:
    virtual ~Clock() = default;
    virtual UnixSeconds now() const = 0;
};

// The real wall clock.
class SystemClock final : public Clock {
  public:
    UnixSeconds now() const override;
};

// A clock tests set by hand.
class ManualClock final : public Clock {
  public:
    explicit ManualClock(UnixSeconds t) : t_(t) {}
    UnixSeconds now() const override { return t_; }
    void set(UnixSeconds t) { t_ = t; }
    void advance(std::int64_t seconds) { t_ += seconds; }

  private:
    UnixSeconds t_;
};

// A source of cryptographically secure random bytes.
class Random {
  public:
    virtual ~Random() = default;
    // Fills `out` completely. Aborts the process if the OS's CSPRNG fails, since no
    // token may ever be issued from a weaker source.
    virtual void fill(std::span<unsigned char> out) = 0;
};

// OpenSSL's RAND_bytes, seeded from the OS (getrandom).
class SystemRandom final : public Random {
  public:
    void fill(std::span<unsigned char> out) override;
};

}  // namespace radfraga

# Rådfråga container: build with the same install script CI and the README use, run
# with only the runtime libraries as an unprivileged user, data in a volume.
#   docker build -t radfraga .
#   docker run -p 8080:8080 -v radfraga-data:/var/lib/radfraga \
#     -e RADFRAGA_PUBLIC_URL=https://radfraga.example.se radfraga
# It listens on 0.0.0.0 inside the container; put a TLS-terminating reverse proxy in
# front and set RADFRAGA_PUBLIC_URL to the https:// address readers use (the server
# warns at start while it is http://).
FROM debian:12 AS build
WORKDIR /src
COPY . .
RUN bash scripts/install-deps.sh \
 && cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DRADFRAGA_TESTS=OFF -DRADFRAGA_BENCH=OFF \
 && cmake --build build --target radfraga -j 2 \
 && strip build/server/radfraga

FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libboost-json1.81.0 libboost-url1.81.0 libboost-program-options1.81.0 \
      libsqlite3-0 libxapian30 libssl3 libhunspell-1.7-0 hunspell-sv libmythes-1.2-0 mythes-sv libcmark0.30.2 libqrencode4 \
      libargon2-1 libjemalloc2 libphonenumber8 libprotobuf32 libicu72 libprometheus-cpp-core1.0 curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/radfraga --create-home --shell /usr/sbin/nologin radfraga
COPY --from=build /src/build/server/radfraga /usr/local/bin/radfraga
USER radfraga
WORKDIR /var/lib/radfraga
VOLUME ["/var/lib/radfraga"]
ENV RADFRAGA_DATA=/var/lib/radfraga/data
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD curl -fsS http://127.0.0.1:8080/healthz || exit 1
STOPSIGNAL SIGTERM
ENTRYPOINT ["radfraga"]
CMD ["serve", "--listen", "0.0.0.0"]

# syntax=docker/dockerfile:1
# Portcullis container image (docs/deploy.md). Multi-stage: the build stage compiles TypeScript
# and the native SQLite driver; the runtime stage holds only what `portcullis serve` needs and
# runs as an unprivileged user on a root filesystem that may be mounted read-only.
ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 is a native module: a prebuilt binary is used when one matches, else it compiles.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# Build, then drop the dev dependencies (TypeScript, vitest, the SDKs used by tests).
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORTCULLIS_HOST=0.0.0.0 \
    PORTCULLIS_PORT=8787 \
    PORTCULLIS_DATA_DIR=/data
WORKDIR /app
# Everything under /app belongs to root and is read-only to the gateway's user.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# Runtime assets read from the package root: the admin page and the built-in red-team attacks.
COPY web ./web
COPY redteam ./redteam
COPY portcullis.example.yaml ./portcullis.example.yaml
# State (SQLite store, pseudonym key, secrets status) lives in /data: mount a volume there.
# Temporary files go to /tmp: mount a tmpfs there when the root filesystem is read-only.
RUN mkdir -p /data && chown 1000:1000 /data && chmod 0700 /data
# The official image's `node` user, by number so that runAsNonRoot can verify it.
USER 1000:1000
VOLUME ["/data"]
EXPOSE 8787
# No curl in the image: node itself asks /healthz.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORTCULLIS_PORT||8787)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# serve drains in-flight requests and streams on SIGTERM (server.shutdownGraceMs + shutdownDrainMs);
# give the container runtime a stop timeout longer than that (compose: stop_grace_period).
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve"]

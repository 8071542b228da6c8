# scrapio-server: one Node process, SQLite in /data, Debian's Chromium for render_js.
#   docker build -t scrapio-server .
#   docker run -p 8080:8080 -e SCRAPIO_API_KEYS=change-me -v scrapio-data:/data scrapio-server

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation ca-certificates tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system scrapio \
 && useradd --system --gid scrapio --create-home --home-dir /home/scrapio --shell /usr/sbin/nologin scrapio \
 && mkdir -p /data && chown scrapio:scrapio /data
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json scrapio.config.json ./
COPY scripts/docker-entrypoint.sh scripts/healthcheck.js ./scripts/

# Listens on all interfaces inside the container, which needs a key: pass SCRAPIO_API_KEYS.
ENV NODE_ENV=production \
    SCRAPIO_HOST=0.0.0.0 \
    SCRAPIO_PORT=8080 \
    SCRAPIO_DATA_DIR=/data \
    SCRAPIO_BROWSER_PATH=/usr/bin/chromium
VOLUME ["/data"]
EXPOSE 8080
USER scrapio
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "/app/scripts/healthcheck.js"]
# tini reaps Chromium's zombie children; the entrypoint execs Node, so docker stop's SIGTERM reaches it.
ENTRYPOINT ["/usr/bin/tini", "--", "/app/scripts/docker-entrypoint.sh"]
CMD []

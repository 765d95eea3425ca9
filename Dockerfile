# syntax=docker/dockerfile:1
# Node 22 LTS (Node 20 reached end of life in April 2026; kysely 0.29 requires Node 22).
# Build: compile TypeScript to dist/.
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY scripts/copy-assets.mjs ./scripts/
RUN npm run build

# Run: production dependencies and the compiled code only (no TypeScript, tsx or esbuild), as the
# unprivileged `node` user.
FROM node:22-slim
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
# build-if-stale.mjs finds no sources here and does nothing, so `npm run cli -- ...` works too.
COPY scripts/embedded-template.mjs scripts/build-if-stale.mjs scripts/copy-assets.mjs ./scripts/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# `docker exec <container> patronage staff add ...`: the CLI, compiled, from any directory.
RUN printf '#!/bin/sh\nexec node /app/dist/src/cli.js "$@"\n' > /usr/local/bin/patronage \
    && chmod +x /usr/local/bin/patronage \
    && mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# Migrates to the latest schema, then serves; SIGTERM drains in-flight requests and exits 0.
CMD ["node", "--max-semi-space-size=4", "dist/src/main.js"]

# Summit Brief: compiled with the development dependencies, run with the production ones only.
#   docker build -t summit-brief .
#   docker run --env-file .env -v summit-brief-data:/var/lib/summit-brief -p 8080:8080 summit-brief
# test/build/production.test.ts runs this file's install, its CMD and its HEALTHCHECK against
# local fakes (no image can be built there).
ARG NODE_VERSION=20

# 1. Production dependencies, with the toolchain better-sqlite3 compiles from source with.
FROM node:${NODE_VERSION}-bookworm-slim AS deps
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# prepare skips the build here (a production install). --legacy-peer-deps: without it npm also
# installs TypeScript, an optional peer of valibot, although it is a development dependency here.
RUN npm ci --omit=dev --legacy-peer-deps --no-audit --no-fund

# 2. Build: every dependency (no install script needed to compile), then tsc to dist/.
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
COPY commands ./commands
RUN npm run build

# 3. Runtime: node, the production dependencies, dist/ and the story data. No compiler, no tsx.
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
  HTTP_HOST=0.0.0.0 \
  HTTP_PORT=8080 \
  DATABASE_PATH=/var/lib/summit-brief/summit-brief.sqlite
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY data ./data
# The image's unprivileged `node` user owns only the database folder.
RUN mkdir -p /var/lib/summit-brief && chown node:node /var/lib/summit-brief
USER node
VOLUME ["/var/lib/summit-brief"]
EXPOSE 8080
# No curl in a slim image: node asks /healthz itself.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + process.env.HTTP_PORT + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# Exec form: node is PID 1 and receives SIGTERM itself (no npm, no shell in between).
CMD ["node", "dist/main.js"]

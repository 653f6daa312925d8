# Deskbot: build with the dev toolchain, run with production dependencies only.
#   docker build -t deskbot .
#   docker run -p 3000:3000 -v deskbot-data:/data deskbot
#   docker run --rm -v deskbot-data:/data deskbot node dist/src/cli.js token create --email rita@acme.example
#     (stop the server first: the embedded store takes one process at a time)

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS builder
WORKDIR /app
# Dependencies first, so a source change does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# tsc to dist/, and the SQL migrations and functions copied to dist/src/store/.
RUN npm run build

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production PORT=3000 DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=builder /app/dist ./dist
COPY config ./config
# The image's files stay root-owned (read-only to the service); only /data is writable by it.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/src/main.js"]

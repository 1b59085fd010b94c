# Parvis: production image. Build: `docker build -t parvis .`; run it with docker-compose.yml.
# Debian (glibc) rather than Alpine: the embedded PostgreSQL binaries and argon2's prebuilt module need glibc.

# --- build: compile TypeScript with the full dependency set ------------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# --- runtime: production dependencies and the compiled code only, as a non-root user -----------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    PARVIS_DATA_DIR=/app/.data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Uploaded media (<data dir>/media; a volume in docker-compose.yml), and the embedded PostgreSQL when
# DATABASE_URL is not set. Must belong to the runtime user.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node receives SIGTERM from `docker stop` and shuts down gracefully.
CMD ["node", "dist/src/main.js"]

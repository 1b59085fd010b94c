# Parvis: production image. Build: `docker build -t parvis .`; run it with docker-compose.yml.
# Node.js 22 LTS (maintained until April 2027), pinned to an exact release so that a rebuild runs the
# same runtime; the project itself still runs on Node.js 20.19+ (package.json engines). Debian
# (glibc) slim rather than Alpine: argon2's and sharp's prebuilt modules need glibc.
# To update: change NODE_IMAGE here, rebuild, run the tests. For a fully reproducible build, add the
# digest that `docker pull node:<version>-bookworm-slim` prints: node:<version>-bookworm-slim@sha256:<digest>.
ARG NODE_IMAGE=node:22.23.5-bookworm-slim

# --- build: compile TypeScript with the full dependency set ------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build

# --- runtime: production dependencies and the compiled code only, as a non-root user -----------
# No embedded PostgreSQL here (a development dependency, ~60 MB): the image needs DATABASE_URL and
# says so at start without it. docker-compose.yml runs PostgreSQL 16 beside it.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    PARVIS_DATA_DIR=/app/.data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
# Uploaded media (<data dir>/media; a volume in docker-compose.yml). Must belong to the runtime user.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Exec form: node receives SIGTERM from `docker stop` and shuts down gracefully.
CMD ["node", "dist/src/main.js"]

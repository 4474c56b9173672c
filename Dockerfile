# stigg-emulator container image.
#
#   docker build -t stigg-emulator .
#   docker run --rm -p 4000:4000 -p 3060:3060 stigg-emulator
#   docker run --rm -p 4000:4000 -v "$PWD/fixtures:/fixtures:ro" -e STIGG_EMULATOR_FIXTURES=/fixtures stigg-emulator
#   docker run --rm -p 4000:4000 -v stigg-data:/data -e STIGG_EMULATOR_DATA_DIR=/data stigg-emulator
#
# Other containers reaching the emulator by service name need that name allowed (the Host check
# against DNS rebinding stays on; localhost, IP addresses and the HEALTHCHECK need nothing):
#   docker run --rm -p 4000:4000 -e STIGG_EMULATOR_ALLOWED_HOSTS=stigg stigg-emulator
#
# /data is owned by the unprivileged `node` user (uid 1000); a bind-mounted data directory must be
# writable by that uid. Keep STIGG_EMULATOR_PORT fixed (not 0): the HEALTHCHECK probes that port.
#
# Build arguments:
#   NODE_IMAGE           base image of both stages (a Debian-based Node image, 20 or later)
#   NPM_CONFIG_REGISTRY  npm registry used by the build stage (empty = npm's default / the base image's npmrc)
#
# Works with the classic builder and with BuildKit; no BuildKit-only syntax is used.

ARG NODE_IMAGE=node:22-bookworm-slim

# ---------------------------------------------------------------------------------------------------
# Build stage: install all dependencies, compile better-sqlite3 (native addon) and the TypeScript
# sources, then drop the dev dependencies.
# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS build

# Toolchain for node-gyp, only when the base image lacks it (the official slim images do).
RUN if command -v python3 >/dev/null 2>&1 && command -v make >/dev/null 2>&1 && command -v g++ >/dev/null 2>&1; then \
      echo "build toolchain already present"; \
    else \
      apt-get update \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 make g++ \
      && rm -rf /var/lib/apt/lists/*; \
    fi

WORKDIR /app

# Empty by default: npm then uses its own default or whatever the base image's npmrc says.
ARG NPM_CONFIG_REGISTRY=
ENV npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false

# Dependencies first, so that source edits do not invalidate this layer. Scripts are skipped here
# (the package's own `prepare` would try to build before the sources are copied) and better-sqlite3
# is built explicitly afterwards (prebuilt binary when one can be fetched, from source otherwise).
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts \
    && npm rebuild better-sqlite3 \
    && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

# The whole build context (.dockerignore keeps it to sources), so the build script finds whatever it uses.
COPY . .
# Then keep only what runs: production dependencies, and of better-sqlite3's build only the addon.
RUN npm run build \
    && test -f dist/stigg-emulator.mjs \
    && npm prune --omit=dev --ignore-scripts \
    && cd node_modules/better-sqlite3 \
    && rm -rf deps src \
    && find build -mindepth 1 -maxdepth 1 ! -name Release -exec rm -rf {} + \
    && find build/Release -mindepth 1 -maxdepth 1 ! -name better_sqlite3.node -exec rm -rf {} + \
    && cd /app \
    && node -e "new (require('better-sqlite3'))(':memory:').prepare('select 1').get()"

# ---------------------------------------------------------------------------------------------------
# Runtime stage: compiled output, runtime data files and production node_modules only.
# ---------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime

# Unprivileged user: the official images ship `node` (uid 1000); create it when the base lacks it.
RUN if ! id -u node >/dev/null 2>&1; then \
      if command -v useradd >/dev/null 2>&1; then \
        groupadd --gid 1000 node && useradd --uid 1000 --gid node --create-home --home-dir /home/node --shell /bin/sh node; \
      else \
        echo 'node:x:1000:' >>/etc/group \
        && echo 'node:x:1000:1000::/home/node:/bin/sh' >>/etc/passwd \
        && mkdir -p /home/node && chown 1000:1000 /home/node; \
      fi; \
    fi \
    && mkdir -p /data && chown node:node /data

WORKDIR /app
ENV NODE_ENV=production \
    STIGG_EMULATOR_HOST=0.0.0.0

COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/schema ./schema
COPY --from=build /app/src/db/migrations ./src/db/migrations
COPY --from=build /app/fixtures ./fixtures

USER node

# 4000: main port (GraphQL, REST, admin); 3060: edge (entitlements) port.
EXPOSE 4000 3060

# `/_emulator/ready` answers 200 once the emulator is seeded. Uses node itself: slim images have no curl.
HEALTHCHECK --interval=2s --timeout=2s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.STIGG_EMULATOR_PORT||process.env.PORT||4000)+'/_emulator/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# The bundled process entry (package.json "bin"; one module to load keeps start-up short). node is
# PID 1 and handles SIGTERM/SIGINT itself (clean shutdown, exit code 0): not run through npm or a shell.
CMD ["node", "dist/stigg-emulator.mjs"]

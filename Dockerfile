# Co-sell attribution backend. Build: docker build -t cosell .   Run against a real portal:
#   docker run -p 3000:3000 -v cosell-data:/app/data \
#     -e HUBSPOT_ACCESS_TOKEN=… -e HUBSPOT_CLIENT_SECRET=… -e HUBSPOT_APP_ID=… -e HUBSPOT_PORTAL_ID=… \
#     -e PUBLIC_URL=https://cosell.example.com cosell
# Without HUBSPOT_ACCESS_TOKEN it starts the embedded demo (emulator + demo portal) — bound to
# 127.0.0.1 inside the container, so that mode is for local use only.
FROM node:20-slim

WORKDIR /app
ENV NODE_ENV=production

# better-sqlite3 ships prebuilt binaries for linux-x64/arm64 on Node 20; the build tools are only
# needed when no prebuilt binary matches (then npm falls back to node-gyp).
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*

COPY package.json package-lock.json ./
# The root install includes the npm workspaces under extensions/app (the card/backend contract is the
# package @cosell/contract there; docs/decisions/0009-extension-workspaces.md), so they come first.
COPY extensions ./extensions
# tsx runs the TypeScript sources directly (the same code the tests run), so dev dependencies
# are not needed at runtime; `npm start` = `tsx webhooks/main.ts`.
RUN npm ci --omit=dev --no-audit --no-fund

COPY bin ./bin
COPY src ./src
COPY webhooks ./webhooks
COPY tsconfig.json hsproject.json ./

RUN mkdir -p /app/data && chown -R node:node /app/data
USER node
VOLUME ["/app/data"]
EXPOSE 3000
ENV PORT=3000 SQLITE_PATH=/app/data/cosell.db

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"

# npm forwards SIGTERM to the node process, which drains the worker and exits 0.
CMD ["npm", "start"]

# One image for every process of the product; the compose file picks the command.
ARG NODE_IMAGE=node:20-bookworm-slim
FROM ${NODE_IMAGE}
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
# The web panel the API serves (admin-ui/dist); building it needs the panel's dev dependencies
# (vite, vue-tsc), which are removed again once it is built.
COPY admin-ui/package.json admin-ui/package-lock.json admin-ui/
RUN npm --prefix admin-ui ci --include=dev --no-audit --no-fund
COPY . .
RUN npm --prefix admin-ui run build && rm -rf admin-ui/node_modules
RUN node --import tsx scripts/bundle-workflows.ts /app/workflow-bundle.js
ENV NODE_ENV=production WORKFLOW_BUNDLE_PATH=/app/workflow-bundle.js
USER node
CMD ["node", "--import", "tsx", "workers/worker.ts"]

# One image for every process of the product; the compose file picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
# The web panel the API serves (admin-ui/dist).
RUN npm --prefix admin-ui install --no-audit --no-fund && npm --prefix admin-ui run build
RUN node --import tsx scripts/bundle-workflows.ts /app/workflow-bundle.js
ENV WORKFLOW_BUNDLE_PATH=/app/workflow-bundle.js
USER node
CMD ["node", "--import", "tsx", "workers/worker.ts"]

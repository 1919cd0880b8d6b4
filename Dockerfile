# The service image: the API and the worker run the service compiled by `npm run build:service`
# (dist/service: one ES module, workflows bundled ahead), the agent runs its sources under tsx; the web
# app is built in the same first stage (Vite, React and esbuild are dev dependencies) and served from web/dist.
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY scripts ./scripts
COPY web ./web
RUN npx tsx scripts/build-web.ts
RUN npx tsx scripts/build-service.ts

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` builds the web app, which the stage above already did
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
COPY agent ./agent
COPY sql ./sql
COPY scripts ./scripts
COPY tsconfig.json ./
COPY --from=web /app/web/dist ./web/dist
COPY --from=web /app/dist/service ./dist/service
# the workers load the bundle built above instead of bundling at start (webpack's time and memory)
ENV WORKFLOW_BUNDLE=/app/dist/service/workflows.js
USER node
EXPOSE 8080
CMD ["node", "dist/service/main.mjs"]

# The service image: API + worker, TypeScript run by tsx (no build step to drift from the sources),
# plus the web app, built in its own stage (Vite and React are dev dependencies) and served from web/dist.
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
USER node
EXPOSE 8080
CMD ["node", "--import", "tsx", "src/main.ts"]

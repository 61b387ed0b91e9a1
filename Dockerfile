# The service image: Node 20 with the project's dependencies. TypeScript runs through tsx.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY migrations ./migrations
COPY templates ./templates
COPY public ./public
USER node
EXPOSE 3000
CMD ["npx", "tsx", "src/server.ts"]

# The service image: Node 20 with the project's dependencies, the TypeScript compiled to dist/
# (npm run build: the tsx loader would cost ~75 MB in the process and ~55 MB in each render thread).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# glibc's malloc: two arenas, not up to 8 per core (the render threads' freed memory stays in
# their arenas otherwise), and blocks of 128 KiB or more mapped on their own and given back when
# freed (README "Configuration"). npm start and npm run worker set the same.
ENV MALLOC_ARENA_MAX=2 MALLOC_MMAP_THRESHOLD_=131072
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY migrations ./migrations
COPY templates ./templates
COPY public ./public
COPY scripts/build.ts ./scripts/build.ts
RUN npm run build
USER node
EXPOSE 3000
# --max-semi-space-size=4: the event loop's young generation at 8 MB, not V8's 32; --max-old-space-size=1024:
# its old generation grows by a factor of ~1.6 between collections, not 4; --heap-growing-percent=40:
# by at most 1.4 (README "Configuration").
CMD ["node", "--max-semi-space-size=4", "--max-old-space-size=1024", "--heap-growing-percent=40", "dist/src/server.js"]

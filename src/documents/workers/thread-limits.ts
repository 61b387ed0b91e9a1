/**
 * A render thread's heap limit. V8 lets a heap grow by a factor of up to 4 over what the last
 * full collection kept when the limit is the default 4 GB, ~1.6 at 1 GB: a 1000-incident PDF
 * (~100 MB live at its largest) then peaks some 60 MB lower (bench part 3), for a few more
 * collections. 1 GB is still ten times what that document needs; a thread past it is stopped
 * (the job fails, piscina starts a new thread) instead of the whole process running out.
 */
export const RENDER_THREAD_HEAP_MB = 1024;

/**
 * A render thread's young generation, in MB. V8's default on 64 bits grows it to 32 MB per thread
 * (two semi-spaces of 16), all of it resident once a document has gone through: with the two
 * threads a service keeps warm, 64 MB that hold nothing between documents. At 8 MB a 100-incident
 * generation on the volume bench's database was as fast (bench/volume.ts; figures in the README).
 */
export const RENDER_THREAD_YOUNG_MB = 8;

/**
 * The resource limits of a render thread. The bench's RSS probe runs under the same; this module
 * imports nothing, so that the probe's own thread stays as small as the process it measures.
 */
export const renderThreadLimits = (heapMb: number = RENDER_THREAD_HEAP_MB) => ({ maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: RENDER_THREAD_YOUNG_MB });

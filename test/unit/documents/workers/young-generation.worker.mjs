// A render pool's thread for the young-generation test (render-pool.test.ts): allocates what a
// composition does (many objects that live a little while) and reports its heap's new space.
import { getHeapSpaceStatistics } from 'node:v8';

export default function allocate() {
  const ring = new Array(20_000).fill(null);
  for (let i = 0; i < 3_000_000; i++) ring[i % ring.length] = { i, text: `claim ${i}`, parts: [i, i + 1] };
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
}

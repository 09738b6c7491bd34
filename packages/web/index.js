// The built viewer's location, for the server that ships it. Plain ESM so the server can import it
// without this package being part of the TypeScript build (Vite builds it).
import { fileURLToPath } from 'node:url';

/** Absolute path of the Vite build output (index.html + hashed assets). */
export const webAssetsDir = fileURLToPath(new URL('./dist/', import.meta.url));

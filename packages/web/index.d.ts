/** Absolute path of the Vite build output (index.html + hashed assets), with a trailing separator. */
export declare const webAssetsDir: string;

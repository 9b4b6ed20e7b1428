/** The worker's bindings, as wrangler.toml declares them. */
export interface Env {
  /** Note records (`note:<slug>`) and site records, written by the build. */
  NOTES: KVNamespace
  /** Attachments and the site's CSS (Workers Static Assets). */
  ASSETS: Fetcher
  /** Attachments static assets cannot hold (R2, uploaded by scripts/r2.ts); absent without `[[r2_buckets]]`, their paths are then 404s. */
  ATTACHMENTS?: R2Bucket
  /** This deploy's version: part of every ETag. */
  CF_VERSION_METADATA: WorkerVersionMetadata
  /** Secret (`wrangler secret put PURGE_TOKEN`) the deploy script sends to POST /_hyphae/purge. */
  PURGE_TOKEN?: string
}

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
  /** Secret signing reader sessions (src/access.ts); without it nobody can sign in to protected notes. */
  HYPHAE_SESSION_KEY?: string
  /** Sign-in attempts a minute from one address (`[[ratelimits]]` in wrangler.toml). */
  LOGIN_LIMITER?: RateLimit
  /** The groups' passwords: `HYPHAE_ACCESS_<GROUP>` secrets, read by name (src/access.ts). */
  [password: `HYPHAE_ACCESS_${string}`]: string | undefined
}

/** Types for the tests: the worker's bindings on `env`, its default export on `exports`, and what vitest.config.ts provides. */
import type { TextEntry } from '../scripts/kv-dir.ts'
import type { Problem } from '../scripts/stages/read.ts'

declare global {
  namespace Cloudflare {
    interface Env {
      NOTES: KVNamespace
      ASSETS: Fetcher
      ATTACHMENTS: R2Bucket
      CF_VERSION_METADATA: WorkerVersionMetadata
      PURGE_TOKEN?: string
      HYPHAE_SESSION_KEY?: string
      HYPHAE_ACCESS_FAMILY?: string
      HYPHAE_ACCESS_WORK?: string
      LOGIN_LIMITER?: RateLimit
    }
    interface GlobalProps {
      mainModule: typeof import('../src/index.tsx')
    }
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    fixtureKv: TextEntry[]
    fixtureProblems: Problem[]
    ofmKv: TextEntry[]
    ofmProblems: Problem[]
    noHomeKv: TextEntry[]
    basesKv: TextEntry[]
    basesProblems: Problem[]
    canvasKv: TextEntry[]
    canvasProblems: Problem[]
    publishKv: TextEntry[]
    searchKv: TextEntry[]
    protectedKv: TextEntry[]
    protectedProblems: Problem[]
  }
}

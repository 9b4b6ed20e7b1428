/**
 * The graph laid out on a thread of its own while the main thread assembles the notes: a first
 * build's layout of a 10,000-note vault takes over a second, and the main thread is the build's
 * one busy core by then. assembleSite takes the graph when it needs it, waiting if it is not done
 * (Atomics.wait, then receiveMessageOnPort: the stage stays synchronous). A small vault, and a
 * rebuild while watching (which keeps the graph while its links stay), lay it out in place.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads'
import type { GraphRecord } from '../../src/core/graph.ts'
import type { GraphNote } from './record.ts'
import { graphBefore, graphRecord, keepGraph, laidOutBefore } from './record.ts'

/** From this many notes a thread is worth starting. */
const THREAD_FROM = 2000
/** The longest wait for the thread before laying the graph out here instead. */
const WAIT_MS = 120_000

/** What the thread posts: the record, or why there is none. */
type GraphMessage = { record: GraphRecord } | { error: string }

/**
 * The thread's code: imports the layout (record.ts), lays the graph out, posts it (or why it could
 * not: a failure to import is an answer too), then says it is done, whatever happened.
 */
const THREAD = `
const { workerData } = require('node:worker_threads')
const { notes, done, port, module } = workerData
import(module)
  .then(({ layOut }) => ({ record: layOut(notes) }))
  .catch((error) => ({ error: String(error && error.message || error) }))
  .then((message) => port.postMessage(message))
  .finally(() => {
    Atomics.store(done, 0, 1)
    Atomics.notify(done, 0)
  })
`

/** Starts laying out the graph of `notes`; the function returned gives it, once. */
export function startGraph(notes: readonly GraphNote[]): () => GraphRecord {
  const before = graphBefore(notes)
  if (before) return () => before
  if (notes.length < THREAD_FROM || laidOutBefore()) return once(() => graphRecord(notes))
  const input = notes.map(({ slug, path, title, links }) => ({ slug, path, title, links: [...links] }))
  const done = new Int32Array(new SharedArrayBuffer(4))
  const { port1, port2 } = new MessageChannel()
  const worker = new Worker(THREAD, {
    eval: true,
    workerData: { notes: input, done, port: port2, module: new URL('./record.ts', import.meta.url).href },
    transferList: [port2],
  })
  worker.unref()
  return once(() => {
    Atomics.wait(done, 0, 0, WAIT_MS)
    const message = receiveMessageOnPort(port1)?.message as GraphMessage | undefined
    port1.close()
    if (message && 'record' in message) return keepGraph(input, message.record)
    // A thread that failed (or never answered) leaves the same layout to be made here.
    console.warn(
      `the graph's thread ${message ? `failed (${message.error})` : 'did not answer'}: laid out on the main thread`,
    )
    return graphRecord(notes)
  })
}

function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined
  return () => {
    made ??= { value: make() }
    return made.value
  }
}

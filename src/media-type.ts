/**
 * The media type of an attachment, from its extension: what the R2 upload stores with each object
 * (scripts/r2.ts) and what the worker falls back to for an object stored without one
 * (src/attachments.ts). The formats are Obsidian's (help.obsidian.md, "Accepted file formats"),
 * plus a few common documents; anything else is served as bytes to download.
 */
const MEDIA_TYPES = new Map(
  Object.entries({
    avif: 'image/avif',
    bmp: 'image/bmp',
    gif: 'image/gif',
    jpeg: 'image/jpeg',
    jpg: 'image/jpeg',
    png: 'image/png',
    svg: 'image/svg+xml',
    webp: 'image/webp',
    flac: 'audio/flac',
    m4a: 'audio/mp4',
    mp3: 'audio/mpeg',
    ogg: 'audio/ogg',
    wav: 'audio/wav',
    webm: 'video/webm',
    '3gp': 'video/3gpp',
    mkv: 'video/x-matroska',
    mov: 'video/quicktime',
    mp4: 'video/mp4',
    ogv: 'video/ogg',
    pdf: 'application/pdf',
    csv: 'text/csv; charset=utf-8',
    json: 'application/json',
    txt: 'text/plain; charset=utf-8',
    zip: 'application/zip',
  }),
)

/** `Lectures/talk.MP4` → `video/mp4`; an unknown extension → `application/octet-stream`. */
export function mediaTypeOf(path: string): string {
  const dot = path.lastIndexOf('.')
  return (
    (dot > path.lastIndexOf('/') && MEDIA_TYPES.get(path.slice(dot + 1).toLowerCase())) || 'application/octet-stream'
  )
}

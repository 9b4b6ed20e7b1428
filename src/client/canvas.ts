// Pan and zoom for canvases (scripts/canvas/draw.ts) and the garden's graph (src/pages/graph-drawing.ts): the drawing reads at full size in a scrolling
// frame without JavaScript; this adds "−", "+" and "Fit" buttons, ctrl/⌘ + wheel zoom, and drag to pan.

const STEP = 1.2
const MIN = 0.1
const MAX = 3

function setUpCanvas(frame: HTMLElement): void {
  const drawing = frame.querySelector<HTMLElement>(':scope > .canvas')
  if (!drawing) return
  const width = drawing.offsetWidth
  const height = drawing.offsetHeight
  // A sizer keeps the scrollable area the size of the scaled drawing.
  const sizer = document.createElement('div')
  sizer.className = 'canvas-sizer'
  frame.insertBefore(sizer, drawing)
  sizer.appendChild(drawing)
  let scale = 1
  const apply = (next: number) => {
    scale = Math.min(MAX, Math.max(MIN, next))
    drawing.style.transform = `scale(${scale})`
    sizer.style.width = `${width * scale}px`
    sizer.style.height = `${height * scale}px`
    frame.dataset.scale = scale.toFixed(2)
  }
  const tools = document.createElement('div')
  tools.className = 'canvas-tools'
  for (const [label, text, change] of [
    ['Zoom out', '−', () => apply(scale / STEP)],
    ['Zoom in', '+', () => apply(scale * STEP)],
    ['Zoom to fit', 'Fit', () => apply(Math.min(frame.clientWidth / width, frame.clientHeight / height, 1))],
  ] as const) {
    const button = document.createElement('button')
    button.type = 'button'
    button.textContent = text
    button.setAttribute('aria-label', label)
    button.addEventListener('click', change)
    tools.appendChild(button)
  }
  frame.before(tools)
  // Drag the board to pan (a card's own links and text stay clickable and selectable).
  let drag: { x: number; y: number; left: number; top: number } | undefined
  frame.addEventListener('pointerdown', (event) => {
    // A card, or a dot of the garden's graph, is a link: a press on it is a click, not a drag.
    if (event.button !== 0 || (event.target as Element).closest('.canvas-node:not(.canvas-group), a')) return
    drag = { x: event.clientX, y: event.clientY, left: frame.scrollLeft, top: frame.scrollTop }
    frame.setPointerCapture(event.pointerId)
    frame.classList.add('panning')
  })
  frame.addEventListener('pointermove', (event) => {
    if (!drag) return
    frame.scrollLeft = drag.left - (event.clientX - drag.x)
    frame.scrollTop = drag.top - (event.clientY - drag.y)
  })
  const stop = () => {
    drag = undefined
    frame.classList.remove('panning')
  }
  frame.addEventListener('pointerup', stop)
  frame.addEventListener('pointercancel', stop)
  frame.addEventListener(
    'wheel',
    (event) => {
      if (!event.ctrlKey && !event.metaKey) return
      event.preventDefault()
      apply(event.deltaY < 0 ? scale * STEP : scale / STEP)
    },
    { passive: false },
  )
  // The garden's graph opens whole (`data-fit`); a canvas at full size, as it reads.
  apply(frame.hasAttribute('data-fit') ? Math.min(frame.clientWidth / width, frame.clientHeight / height, 1) : 1)
}

export function setUpCanvases(): void {
  // Only full-size drawings: an embedded canvas is already scaled to the column.
  for (const frame of document.querySelectorAll<HTMLElement>('.canvas-frame[data-canvas]'))
    if (!frame.closest('.canvas-scaled')) setUpCanvas(frame)
}

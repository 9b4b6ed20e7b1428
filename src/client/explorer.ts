// The explorer's menu button on narrow screens: without JavaScript it is a link to #explorer (the
// list opens as its target); here it becomes a toggle that says whether the list is open.

export function setUpExplorer(): void {
  const button = document.querySelector<HTMLAnchorElement>('.menu-button')
  const explorer = document.querySelector<HTMLElement>('#explorer')
  if (!button || !explorer) return
  button.setAttribute('role', 'button')
  button.setAttribute('aria-expanded', 'false')
  const set = (open: boolean) => {
    explorer.classList.toggle('open', open)
    button.setAttribute('aria-expanded', String(open))
  }
  button.addEventListener('click', (event) => {
    event.preventDefault()
    const open = !explorer.classList.contains('open')
    set(open)
    if (open)
      (
        explorer.querySelector<HTMLElement>('[aria-current="page"]') ??
        explorer.querySelector<HTMLElement>('a, summary')
      )?.focus()
  })
  // A link button answers Space as a button does.
  button.addEventListener('keydown', (event) => {
    if (event.key === ' ') {
      event.preventDefault()
      button.click()
    }
  })
  explorer.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && explorer.classList.contains('open')) {
      set(false)
      button.focus()
    }
  })
  // The current note in view in a long list.
  explorer.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest' })
}

// Runs in <head>, before the page paints: applies the theme the reader chose with the toggle
// (main.ts), so a reload never flashes the other theme. Without a choice, the system decides.
try {
  const saved = localStorage.getItem('hyphae-theme')
  if (saved === 'light' || saved === 'dark') document.documentElement.dataset.theme = saved
} catch {
  // Storage can be disabled; the system theme then applies.
}

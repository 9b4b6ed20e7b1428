import { beforeAll, expect, it } from 'vitest'
import { loadFixture, request } from './helpers.ts'

beforeAll(loadFixture)

it('serves the seed note', async () => {
  const res = await request('/thoughts/alignment')
  const html = await res.text()
  console.log(res.status, [...res.headers], html)
  expect(res.status).toBe(200)
})

it('serves an asset', async () => {
  const res = await request('/_hyphae/style.css')
  console.log(res.status, [...res.headers])
})

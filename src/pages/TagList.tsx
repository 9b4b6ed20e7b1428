import { tagHref } from '../core/markdown/tag.ts'

/** Tags with how many notes carry each: the tag index and the generated home page. */
export function TagList({ tags }: { tags: { tag: string; count: number }[] }) {
  return (
    <ul class="tag-index">
      {tags.map(({ tag, count }) => (
        <li>
          <a class="tag" href={tagHref(tag)}>
            #{tag}
          </a>{' '}
          <span class="count">{count}</span>
        </li>
      ))}
    </ul>
  )
}

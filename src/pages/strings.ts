/**
 * The words of the site's own interface, in the vault's language (`hyphae.json` `"lang"`, a BCP 47
 * tag): one table, looked up by the tag's language (`pt-BR` → `pt`, else English). Right-to-left
 * languages set `dir="rtl"` on the page.
 */

/** What a 400 or 404 page says. */
export type MessageKind = 'badPath' | 'noNote' | 'noNoteYet' | 'noTag' | 'noGraph'

export interface UiStrings {
  skip: string
  search: string
  switchTheme: string
  breadcrumbs: string
  home: string
  published: string
  updated: string
  minutes: (n: number) => string
  contents: string
  linkedFrom: string
  recent: string
  folders: string
  notes: string
  tags: string
  noteCount: (n: number) => string
  /** Search: the page's form label, and what it says when nothing matches. */
  searchNotes: string
  noMatch: string
  /** The last suggestion under the search box: the search page for the query. */
  allResults: string
  explorer: string
  menu: string
  graph: string
  /** The note's own graph: its heading (for screen readers), and what the picture shows. */
  localGraph: string
  localGraphLabel: (title: string, neighbours: number) => string
  /** The short pages of a 400 or 404 (src/pages/MessagePage.tsx): their titles, messages and way home. */
  messages: Record<MessageKind, string> & { notFound: string; badRequest: string; goHome: string }
  /** Under the garden's graph: how many notes and links it draws (`shown` of `total` notes when capped). */
  graphCaption: (shown: number, links: number, total: number) => string
  /** Protected notes (src/access.ts): the sign-in page, its answers, the sign-out link, a locked link's title. */
  access: Record<
    'title' | 'explain' | 'password' | 'signIn' | 'wrong' | 'tooMany' | 'signOut' | 'locked' | 'unavailable',
    string
  >
}

const en: UiStrings = {
  skip: 'Skip to the note',
  search: 'Search',
  switchTheme: 'Switch theme',
  breadcrumbs: 'Breadcrumbs',
  home: 'Home',
  published: 'Published',
  updated: 'Updated',
  minutes: (n) => `${n} min read`,
  contents: 'Contents',
  linkedFrom: 'Linked from',
  recent: 'Recently updated',
  folders: 'Folders',
  notes: 'Notes',
  tags: 'Tags',
  noteCount: (n) => (n === 1 ? '1 note' : `${n} notes`),
  searchNotes: 'Search the notes',
  noMatch: 'No note matches every word.',
  allResults: 'All results',
  explorer: 'Explorer',
  menu: 'Menu',
  graph: 'Graph',
  localGraph: 'Local graph',
  localGraphLabel: (title, n) => `${title} and the ${n === 1 ? 'note' : `${n} notes`} it connects to`,
  messages: {
    notFound: 'Not found',
    badRequest: 'Bad request',
    goHome: 'Go to the home page',
    badPath: 'This address is not a valid URL path.',
    noNote: 'There is no note at this address.',
    noNoteYet: 'There is no note at this address. It may have moved or not be published yet.',
    noTag: 'No note carries this tag.',
    noGraph: 'This garden has no graph yet.',
  },
  access: {
    title: 'Sign in',
    explain: 'This note is private. Enter its password to read it.',
    password: 'Password',
    signIn: 'Sign in',
    wrong: 'That password is not right.',
    tooMany: 'Too many attempts. Wait a minute, then try again.',
    signOut: 'Sign out',
    locked: 'Private note: sign in to read it',
    unavailable: 'Signing in is not set up on this site yet.',
  },
  graphCaption: (shown, links, total) =>
    `${shown === total ? '' : `The ${shown} most linked of `}${total === 1 ? '1 note' : `${total} notes`}, ${links === 1 ? '1 link' : `${links} links`}`,
}

const TABLE: Record<string, UiStrings> = {
  en,
  de: {
    skip: 'Zur Notiz springen',
    search: 'Suche',
    switchTheme: 'Farbschema wechseln',
    breadcrumbs: 'Brotkrümelnavigation',
    home: 'Start',
    published: 'Veröffentlicht',
    updated: 'Aktualisiert',
    minutes: (n) => `${n} Min. Lesezeit`,
    contents: 'Inhalt',
    linkedFrom: 'Verlinkt von',
    recent: 'Zuletzt aktualisiert',
    folders: 'Ordner',
    notes: 'Notizen',
    tags: 'Schlagwörter',
    noteCount: (n) => (n === 1 ? '1 Notiz' : `${n} Notizen`),
    searchNotes: 'Notizen durchsuchen',
    noMatch: 'Keine Notiz enthält alle Wörter.',
    allResults: 'Alle Ergebnisse',
    explorer: 'Explorer',
    menu: 'Menü',
    graph: 'Graph',
    localGraph: 'Lokaler Graph',
    localGraphLabel: (title, n) => `${title} und ${n === 1 ? 'die verbundene Notiz' : `die ${n} verbundenen Notizen`}`,
    messages: {
      notFound: 'Nicht gefunden',
      badRequest: 'Ungültige Anfrage',
      goHome: 'Zur Startseite',
      badPath: 'Diese Adresse ist kein gültiger URL-Pfad.',
      noNote: 'Unter dieser Adresse gibt es keine Notiz.',
      noNoteYet:
        'Unter dieser Adresse gibt es keine Notiz. Vielleicht wurde sie verschoben oder ist noch nicht veröffentlicht.',
      noTag: 'Keine Notiz trägt dieses Tag.',
      noGraph: 'Dieser Garten hat noch keinen Graphen.',
    },
    access: {
      title: 'Anmelden',
      explain: 'Diese Notiz ist privat. Gib ihr Passwort ein, um sie zu lesen.',
      password: 'Passwort',
      signIn: 'Anmelden',
      wrong: 'Dieses Passwort stimmt nicht.',
      tooMany: 'Zu viele Versuche. Warte eine Minute und versuche es dann erneut.',
      signOut: 'Abmelden',
      locked: 'Private Notiz: zum Lesen anmelden',
      unavailable: 'Die Anmeldung ist auf dieser Website noch nicht eingerichtet.',
    },
    graphCaption: (shown, links, total) =>
      `${shown === total ? '' : `Die ${shown} meistverlinkten von `}${total === 1 ? '1 Notiz' : `${total} Notizen`}, ${links === 1 ? '1 Link' : `${links} Links`}`,
  },
  fr: {
    skip: 'Aller à la note',
    search: 'Rechercher',
    switchTheme: 'Changer de thème',
    breadcrumbs: "Fil d'Ariane",
    home: 'Accueil',
    published: 'Publié le',
    updated: 'Mis à jour le',
    minutes: (n) => `${n} min de lecture`,
    contents: 'Sommaire',
    linkedFrom: 'Cité par',
    recent: 'Mis à jour récemment',
    folders: 'Dossiers',
    notes: 'Notes',
    tags: 'Étiquettes',
    noteCount: (n) => (n <= 1 ? `${n} note` : `${n} notes`),
    searchNotes: 'Rechercher dans les notes',
    noMatch: 'Aucune note ne contient tous les mots.',
    allResults: 'Tous les résultats',
    explorer: 'Explorateur',
    menu: 'Menu',
    graph: 'Graphe',
    localGraph: 'Graphe local',
    localGraphLabel: (title, n) => `${title} et ${n === 1 ? 'la note liée' : `les ${n} notes liées`}`,
    messages: {
      notFound: 'Introuvable',
      badRequest: 'Requête invalide',
      goHome: 'Aller à l’accueil',
      badPath: 'Cette adresse n’est pas un chemin d’URL valide.',
      noNote: 'Il n’y a pas de note à cette adresse.',
      noNoteYet: 'Il n’y a pas de note à cette adresse. Elle a peut-être été déplacée ou n’est pas encore publiée.',
      noTag: 'Aucune note ne porte ce tag.',
      noGraph: 'Ce jardin n’a pas encore de graphe.',
    },
    access: {
      title: 'Se connecter',
      explain: 'Cette note est privée. Saisissez son mot de passe pour la lire.',
      password: 'Mot de passe',
      signIn: 'Se connecter',
      wrong: 'Ce mot de passe n’est pas le bon.',
      tooMany: 'Trop de tentatives. Attendez une minute, puis réessayez.',
      signOut: 'Se déconnecter',
      locked: 'Note privée : connectez-vous pour la lire',
      unavailable: 'La connexion n’est pas encore configurée sur ce site.',
    },
    graphCaption: (shown, links, total) =>
      `${shown === total ? '' : `Les ${shown} plus liées de `}${total <= 1 ? `${total} note` : `${total} notes`}, ${links <= 1 ? `${links} lien` : `${links} liens`}`,
  },
  es: {
    skip: 'Ir a la nota',
    search: 'Buscar',
    switchTheme: 'Cambiar de tema',
    breadcrumbs: 'Migas de pan',
    home: 'Inicio',
    published: 'Publicado',
    updated: 'Actualizado',
    minutes: (n) => `${n} min de lectura`,
    contents: 'Contenido',
    linkedFrom: 'Enlazado desde',
    recent: 'Actualizado recientemente',
    folders: 'Carpetas',
    notes: 'Notas',
    tags: 'Etiquetas',
    noteCount: (n) => (n === 1 ? '1 nota' : `${n} notas`),
    searchNotes: 'Buscar en las notas',
    noMatch: 'Ninguna nota contiene todas las palabras.',
    allResults: 'Todos los resultados',
    explorer: 'Explorador',
    menu: 'Menú',
    graph: 'Grafo',
    localGraph: 'Grafo local',
    localGraphLabel: (title, n) => `${title} y ${n === 1 ? 'la nota conectada' : `las ${n} notas conectadas`}`,
    messages: {
      notFound: 'No encontrado',
      badRequest: 'Solicitud incorrecta',
      goHome: 'Ir a la página de inicio',
      badPath: 'Esta dirección no es una ruta de URL válida.',
      noNote: 'No hay ninguna nota en esta dirección.',
      noNoteYet: 'No hay ninguna nota en esta dirección. Puede que se haya movido o que aún no esté publicada.',
      noTag: 'Ninguna nota lleva esta etiqueta.',
      noGraph: 'Este jardín aún no tiene grafo.',
    },
    access: {
      title: 'Iniciar sesión',
      explain: 'Esta nota es privada. Escribe su contraseña para leerla.',
      password: 'Contraseña',
      signIn: 'Iniciar sesión',
      wrong: 'Esa contraseña no es correcta.',
      tooMany: 'Demasiados intentos. Espera un minuto y vuelve a intentarlo.',
      signOut: 'Cerrar sesión',
      locked: 'Nota privada: inicia sesión para leerla',
      unavailable: 'El inicio de sesión aún no está configurado en este sitio.',
    },
    graphCaption: (shown, links, total) =>
      `${shown === total ? '' : `Las ${shown} más enlazadas de `}${total === 1 ? '1 nota' : `${total} notas`}, ${links === 1 ? '1 enlace' : `${links} enlaces`}`,
  },
  zh: {
    skip: '跳到正文',
    search: '搜索',
    switchTheme: '切换主题',
    breadcrumbs: '导航路径',
    home: '首页',
    published: '发布于',
    updated: '更新于',
    minutes: (n) => `阅读约 ${n} 分钟`,
    contents: '目录',
    linkedFrom: '反向链接',
    recent: '最近更新',
    folders: '文件夹',
    notes: '笔记',
    tags: '标签',
    noteCount: (n) => `${n} 篇笔记`,
    searchNotes: '搜索笔记',
    noMatch: '没有笔记包含所有词语。',
    allResults: '全部结果',
    explorer: '浏览',
    menu: '菜单',
    graph: '关系图',
    localGraph: '局部关系图',
    localGraphLabel: (title, n) => `${title} 及与之相连的 ${n} 篇笔记`,
    messages: {
      notFound: '未找到',
      badRequest: '请求无效',
      goHome: '返回首页',
      badPath: '此地址不是有效的 URL 路径。',
      noNote: '此地址没有笔记。',
      noNoteYet: '此地址没有笔记。它可能已被移动，或尚未发布。',
      noTag: '没有笔记带有此标签。',
      noGraph: '这个花园还没有关系图。',
    },
    access: {
      title: '登录',
      explain: '这篇笔记是私密的。输入密码即可阅读。',
      password: '密码',
      signIn: '登录',
      wrong: '密码不正确。',
      tooMany: '尝试次数过多。请等一分钟后再试。',
      signOut: '退出登录',
      locked: '私密笔记：登录后阅读',
      unavailable: '本站尚未设置登录。',
    },
    graphCaption: (shown, links, total) =>
      `${shown === total ? '' : `链接最多的 ${shown} 篇，共 `}${total} 篇笔记，${links} 条链接`,
  },
  ja: {
    skip: '本文へ移動',
    search: '検索',
    switchTheme: 'テーマを切り替え',
    breadcrumbs: 'パンくずリスト',
    home: 'ホーム',
    published: '公開',
    updated: '更新',
    minutes: (n) => `${n}分で読めます`,
    contents: '目次',
    linkedFrom: 'このノートへのリンク',
    recent: '最近の更新',
    folders: 'フォルダ',
    notes: 'ノート',
    tags: 'タグ',
    noteCount: (n) => `${n}件のノート`,
    searchNotes: 'ノートを検索',
    noMatch: 'すべての語を含むノートはありません。',
    allResults: 'すべての結果',
    explorer: 'エクスプローラー',
    menu: 'メニュー',
    graph: 'グラフ',
    localGraph: 'ローカルグラフ',
    localGraphLabel: (title, n) => `${title} とつながる ${n} 件のノート`,
    messages: {
      notFound: '見つかりません',
      badRequest: '不正なリクエスト',
      goHome: 'ホームページへ',
      badPath: 'このアドレスは有効な URL パスではありません。',
      noNote: 'このアドレスにノートはありません。',
      noNoteYet: 'このアドレスにノートはありません。移動したか、まだ公開されていない可能性があります。',
      noTag: 'このタグの付いたノートはありません。',
      noGraph: 'このガーデンにはまだグラフがありません。',
    },
    access: {
      title: 'サインイン',
      explain: 'このノートは非公開です。読むにはパスワードを入力してください。',
      password: 'パスワード',
      signIn: 'サインイン',
      wrong: 'パスワードが正しくありません。',
      tooMany: '試行回数が多すぎます。1分待ってからもう一度お試しください。',
      signOut: 'サインアウト',
      locked: '非公開ノート：サインインして読む',
      unavailable: 'このサイトではまだサインインが設定されていません。',
    },
    graphCaption: (shown, links, total) =>
      `${shown === total ? '' : `リンクの多い ${shown}件 / `}${total}件のノート、${links}本のリンク`,
  },
  ko: {
    skip: '본문으로 건너뛰기',
    search: '검색',
    switchTheme: '테마 전환',
    breadcrumbs: '이동 경로',
    home: '홈',
    published: '게시',
    updated: '수정',
    minutes: (n) => `${n}분 분량`,
    contents: '목차',
    linkedFrom: '이 노트를 가리키는 링크',
    recent: '최근 업데이트',
    folders: '폴더',
    notes: '노트',
    tags: '태그',
    noteCount: (n) => `노트 ${n}개`,
    searchNotes: '노트 검색',
    noMatch: '모든 단어가 들어 있는 노트가 없습니다.',
    allResults: '모든 결과',
    explorer: '탐색기',
    menu: '메뉴',
    graph: '그래프',
    localGraph: '로컬 그래프',
    localGraphLabel: (title, n) => `${title}와(과) 연결된 노트 ${n}개`,
    messages: {
      notFound: '찾을 수 없음',
      badRequest: '잘못된 요청',
      goHome: '홈페이지로 가기',
      badPath: '이 주소는 올바른 URL 경로가 아닙니다.',
      noNote: '이 주소에는 노트가 없습니다.',
      noNoteYet: '이 주소에는 노트가 없습니다. 옮겨졌거나 아직 게시되지 않았을 수 있습니다.',
      noTag: '이 태그가 붙은 노트가 없습니다.',
      noGraph: '이 가든에는 아직 그래프가 없습니다.',
    },
    access: {
      title: '로그인',
      explain: '이 노트는 비공개입니다. 읽으려면 비밀번호를 입력하세요.',
      password: '비밀번호',
      signIn: '로그인',
      wrong: '비밀번호가 올바르지 않습니다.',
      tooMany: '시도 횟수가 너무 많습니다. 1분 후에 다시 시도하세요.',
      signOut: '로그아웃',
      locked: '비공개 노트: 로그인하여 읽기',
      unavailable: '이 사이트에는 아직 로그인이 설정되어 있지 않습니다.',
    },
    graphCaption: (shown, links, total) =>
      `${shown === total ? '' : `링크가 많은 ${shown}개 / `}노트 ${total}개, 링크 ${links}개`,
  },
}

/** Scripts written right to left, by language subtag. */
const RTL = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug'])

const primary = (lang: string | undefined) => (lang ?? 'en').toLowerCase().split('-')[0]!

export function uiStrings(lang: string | undefined): UiStrings {
  return TABLE[primary(lang)] ?? en
}

export function isRtl(lang: string | undefined): boolean {
  return RTL.has(primary(lang))
}

/** One formatter per locale for the isolate's life: making one costs more than rendering a small page. */
const dateFormats = new Map<string, Intl.DateTimeFormat>()

function dateFormat(locale: string): Intl.DateTimeFormat {
  let format = dateFormats.get(locale)
  if (!format) {
    const options = { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' } as const
    try {
      format = new Intl.DateTimeFormat(locale, options)
    } catch {
      format = new Intl.DateTimeFormat('en-GB', options)
    }
    dateFormats.set(locale, format)
  }
  return format
}

/**
 * Days already written, by locale and UTC day: Intl's format costs a small page's worth of CPU, and
 * a garden's notes share their days (a few thousand at most; past that the isolate starts again).
 */
const formattedDays = new Map<string, string>()
const MAX_FORMATTED_DAYS = 4096

/** A date as the language writes it: `23 November 2026`, `2026年11月23日`. */
export function formatDate(iso: string, lang: string | undefined): string {
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso)
  if (Number.isNaN(date.getTime())) return iso
  const locale = lang ?? 'en-GB'
  const day = `${locale} ${Math.floor(date.getTime() / 86_400_000)}`
  let text = formattedDays.get(day)
  if (text === undefined) {
    if (formattedDays.size >= MAX_FORMATTED_DAYS) formattedDays.clear()
    text = dateFormat(locale === 'en' ? 'en-GB' : locale).format(date)
    formattedDays.set(day, text)
  }
  return text
}

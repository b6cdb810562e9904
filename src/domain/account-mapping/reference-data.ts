/**
 * Data the matcher ships with, kept apart from the rules that use it so it can be extended
 * without touching them (docs/decisions/0011-account-mapping-matching.md).
 */

/**
 * Free-mail providers: a company whose "website" is one of these is a person's mailbox, not an
 * account, and matching on it would merge thousands of unrelated accounts into one.
 * An entry `brand.*` stands for that brand under every public suffix (`gmx.de`, `gmx.net`, `gmx.co.uk`).
 */
export const FREE_MAIL_DOMAINS: readonly string[] = [
  'gmail.com', 'googlemail.com',
  'outlook.*', 'hotmail.*', 'live.*', 'msn.com', 'passport.com',
  'yahoo.*', 'ymail.com', 'rocketmail.com',
  'icloud.com', 'me.com', 'mac.com',
  'aol.*', 'aim.com',
  'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me',
  'gmx.*', 'web.de', 'freenet.de', 't-online.de',
  'mail.com', 'email.com', 'usa.com',
  'zoho.com', 'zohomail.com', 'yandex.*', 'ya.ru', 'mail.ru', 'inbox.ru', 'list.ru', 'bk.ru', 'rambler.ru',
  'tutanota.com', 'tutanota.de', 'tuta.io', 'fastmail.com', 'fastmail.fm', 'hushmail.com', 'mailfence.com',
  'qq.com', '163.com', '126.com', 'yeah.net', 'sina.com', 'sohu.com', 'naver.com', 'daum.net', 'hanmail.net',
  'orange.fr', 'wanadoo.fr', 'free.fr', 'laposte.net', 'sfr.fr', 'libero.it', 'virgilio.it', 'tiscali.it',
  'btinternet.com', 'sky.com', 'talktalk.net', 'virginmedia.com', 'ntlworld.com',
  'comcast.net', 'verizon.net', 'att.net', 'sbcglobal.net', 'bellsouth.net', 'cox.net', 'charter.net',
  'earthlink.net', 'juno.com', 'optonline.net', 'shaw.ca', 'rogers.com', 'sympatico.ca', 'bigpond.com',
  'seznam.cz', 'wp.pl', 'o2.pl', 'interia.pl', 'onet.pl', 'abv.bg', 'rediffmail.com', 'uol.com.br', 'bol.com.br',
  'terra.com.br', 'hey.com', 'duck.com',
];

/**
 * Values people type into a website column when there is none. Compared after trimming, in lower
 * case; a value made only of punctuation (`-`, `--`, `.`, `?`) is a placeholder too.
 */
export const PLACEHOLDER_VALUES: readonly string[] = [
  'n/a', 'na', 'n.a.', 'none', 'null', 'nil', 'undefined', 'unknown', 'tbd', 'tba', 'todo', 'no website', 'no domain',
  'not applicable', 'not available', 'empty', 'x', 'xx', 'xxx', '0', 'false', '#n/a', '#value!', '#ref!',
];

/**
 * Legal-form words dropped from the end of a company name before names are compared (after
 * punctuation is removed and dots inside abbreviations are joined: "S.A." → "sa").
 */
export const LEGAL_SUFFIXES: readonly string[] = [
  'inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'plc', 'corp', 'corporation', 'co', 'company', 'cos',
  'gmbh', 'mbh', 'ag', 'kg', 'kgaa', 'ug', 'ev', 'se', 'sa', 'sas', 'sarl', 'sasu', 'sca', 'spa', 'srl', 'sl', 'slu',
  'bv', 'nv', 'vof', 'cv', 'ab', 'oy', 'oyj', 'as', 'asa', 'aps', 'hf', 'kft', 'zrt', 'sro', 'spzoo', 'zoo', 'sp',
  'pty', 'pte', 'pvt', 'bhd', 'sdn', 'kk', 'gk', 'ltda', 'eireli', 'sab',
];

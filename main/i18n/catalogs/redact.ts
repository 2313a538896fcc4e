// The words of redaction for sharing (issue 11, item 5): the mark a redacted
// picture carries, and the app's toggle. The pseudonyms themselves
// (main/model/redact.ts) are values, not words, and stay as they are.

import { catalog } from '../message.ts';

export const redactCatalog = catalog(
  {
    'redact.mark': 'redacted',
    'redact.source': '{source} (redacted)',
    'redact.toggle': 'Redact',
    'redact.toggle.title': 'Show every name, address, label and image as a pseudonym, for sharing; the picture and its exports say they are redacted',
    'redact.image.notAsked': 'Not asked in a redacted view: the registry would show the real image.',
  },
  {
    'redact.mark': '익명 처리됨',
    'redact.source': '{source} (익명 처리됨)',
    'redact.toggle': '익명 처리',
    'redact.toggle.title': '공유할 수 있게 이름, 주소, 레이블, 이미지를 모두 가명으로 보여 줍니다. 그림과 내보낸 파일에 익명 처리되었다고 적힙니다',
    'redact.image.notAsked': '익명 처리된 화면에서는 레지스트리에 묻지 않습니다. 실제 이미지가 드러나기 때문입니다.',
  },
);

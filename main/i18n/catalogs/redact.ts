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
    'redact.hidden': 'hidden while redacted',
    'redact.contexts.hidden': 'Contexts hidden while redacted',
    'redact.error.hidden': 'Something went wrong. Its words are hidden while redacted, as they may name the cluster: turn Redact off to read them.',
    'redact.save.title': 'Save the real cluster?',
    'redact.save.body': 'A snapshot holds the cluster’s objects as they are: real names, addresses, labels and images. It is not redacted; Redact changes only what this page shows and exports. To share, export a picture instead.',
    'redact.save.ok': 'Save the real snapshot',
    'redact.save.cancelled': 'Not saved.',
    'redact.save.saved': 'Snapshot saved with the real names: it is not redacted.',
    'redact.saved': 'Saved. Where is not shown while redacted.',
    'redact.record.title': 'Save the real recording?',
    'redact.record.body': 'A recording holds the cluster’s objects as they are: real names, addresses, labels and images. It is not redacted; Redact changes only what this page shows and exports.',
    'redact.record.ok': 'Stop and save the real recording',
    'redact.record.kept': 'Still recording; nothing saved.',
    'redact.record.saved': 'Recording saved with the real names: it is not redacted.',
  },
  {
    'redact.mark': '익명 처리됨',
    'redact.source': '{source} (익명 처리됨)',
    'redact.toggle': '익명 처리',
    'redact.toggle.title': '공유할 수 있게 이름, 주소, 레이블, 이미지를 모두 가명으로 보여 줍니다. 그림과 내보낸 파일에 익명 처리되었다고 적힙니다',
    'redact.image.notAsked': '익명 처리된 화면에서는 레지스트리에 묻지 않습니다. 실제 이미지가 드러나기 때문입니다.',
    'redact.hidden': '익명 처리 중이라 숨김',
    'redact.contexts.hidden': '익명 처리 중이라 컨텍스트를 숨김',
    'redact.error.hidden': '문제가 생겼습니다. 클러스터의 이름이 들어 있을 수 있어 익명 처리 중에는 내용을 숨깁니다. 읽으려면 익명 처리를 끄세요.',
    'redact.save.title': '실제 클러스터를 저장할까요?',
    'redact.save.body': '스냅샷에는 클러스터의 오브젝트가 실제 이름, 주소, 레이블, 이미지 그대로 담깁니다. 익명 처리되지 않습니다. 익명 처리는 이 화면에 보이는 것과 내보내는 그림만 바꿉니다. 공유하려면 그림을 내보내세요.',
    'redact.save.ok': '실제 스냅샷 저장',
    'redact.save.cancelled': '저장하지 않았습니다.',
    'redact.save.saved': '스냅샷을 실제 이름으로 저장했습니다. 익명 처리되지 않았습니다.',
    'redact.saved': '저장했습니다. 익명 처리 중이라 저장 위치는 보여 주지 않습니다.',
    'redact.record.title': '실제 녹화를 저장할까요?',
    'redact.record.body': '녹화에는 클러스터의 오브젝트가 실제 이름, 주소, 레이블, 이미지 그대로 담깁니다. 익명 처리되지 않습니다. 익명 처리는 이 화면에 보이는 것과 내보내는 그림만 바꿉니다.',
    'redact.record.ok': '멈추고 실제 녹화 저장',
    'redact.record.kept': '계속 녹화 중입니다. 저장하지 않았습니다.',
    'redact.record.saved': '녹화를 실제 이름으로 저장했습니다. 익명 처리되지 않았습니다.',
  },
);

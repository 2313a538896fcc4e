// What the model says in words of its own: the consequence of a list it could
// not read (main/model/gaps.ts). The model carries these as message ids; the
// page, the picture and the CLI turn them into text.

import { catalog } from '../message.ts';

export const modelCatalog = catalog(
  {
    'gap.consequence.nodes': 'Pods are grouped by spec.nodeName; node addresses, conditions, capacity and runtime are unknown.',
    'gap.consequence.pods': 'No pods, containers or volumes can be shown.',
    'gap.consequence.persistentvolumeclaims': 'Claims are shown by name only (found: false); their phase, size and bound volume are unknown.',
    'gap.consequence.persistentvolumes': 'Bound volumes are shown by name only; their source, capacity and reclaim policy are unknown.',
    'gap.consequence.namespaces': 'Namespaces are taken from the pods; namespaces without pods are not shown.',
    'gap.consequence.duplicates': 'Only the first object with each uid or name is drawn.',
    // A consequence a source wrote itself (a snapshot file's, say): its text, as written.
    'gap.said': '{text}',
  },
  {
    'gap.consequence.nodes': '파드는 spec.nodeName으로 묶어 그립니다. 노드의 주소, 상태 조건, 용량, 런타임은 알 수 없습니다.',
    'gap.consequence.pods': '파드도, 컨테이너도, 볼륨도 그릴 수 없습니다.',
    'gap.consequence.persistentvolumeclaims': '클레임은 이름만 보입니다. 단계, 크기, 바인딩된 볼륨은 알 수 없습니다.',
    'gap.consequence.persistentvolumes': '바인딩된 볼륨은 이름만 보입니다. 소스, 용량, 반환 정책은 알 수 없습니다.',
    'gap.consequence.namespaces': '네임스페이스는 파드에서 알아냅니다. 파드가 없는 네임스페이스는 보이지 않습니다.',
    'gap.consequence.duplicates': 'UID나 이름이 같은 객체는 처음 것만 그립니다.',
    'gap.said': '{text}',
  },
);

// What the model says in words of its own: the consequence of a list it could
// not read (main/model/gaps.ts), and where a volume's files come from
// (main/model/volume.ts). The model carries these as message ids; the
// page, the picture and the CLI turn them into text.

import { catalog } from '../message.ts';

export const modelCatalog = catalog(
  {
    'gap.consequence.nodes': 'Pods are grouped by spec.nodeName; node addresses, conditions, capacity and runtime are unknown.',
    'gap.consequence.pods': 'No pods, containers or volumes can be shown.',
    'gap.consequence.persistentvolumeclaims': 'Claims are shown by name only; their phase, size and bound volume are unknown.',
    // Some nodes drawn from their pods' spec.nodeName alone (a snapshot without their Node objects).
    'gap.consequence.nodesInferred': "A node inferred from its pods is drawn from their spec.nodeName alone; its addresses, conditions, capacity and runtime are unknown.",
    'gap.consequence.persistentvolumes': 'Bound volumes are shown by name only; their source, capacity and reclaim policy are unknown.',
    'gap.consequence.namespaces': 'Namespaces are taken from the pods; namespaces without pods are not shown.',
    'gap.consequence.duplicates': 'Only the first object with each uid or name is drawn.',
    // A consequence a source wrote itself (a snapshot file's, say): its text, as written.
    'gap.said': '{text}',
    // Where a volume's files come from (main/model/volume.ts). English keeps the API's field names.
    'volume.source.configMap': 'configMap {name}',
    'volume.source.secret': 'secret {name}',
    'volume.source.claim': 'claim {name}',
    'volume.source.ephemeralClaim': 'claim {name} (ephemeral)',
    'volume.source.hostPath': '{path}',
    'volume.source.hostPath.typed': '{path} ({kind})',
    'volume.source.emptyDir': 'emptyDir',
    'volume.source.emptyDir.medium': 'emptyDir medium {medium}',
    'volume.source.emptyDir.size': 'emptyDir sizeLimit {size}',
    'volume.source.emptyDir.mediumSize': 'emptyDir medium {medium} sizeLimit {size}',
    'volume.source.projected': 'projected',
    'volume.source.serviceAccountToken': 'serviceAccountToken',
    'volume.source.downwardAPI': 'downwardAPI',
    'volume.source.downwardAPI.paths': 'downwardAPI {paths}',
    'volume.source.clusterTrustBundle': 'clusterTrustBundle {name}',
    'volume.source.clusterTrustBundle.unnamed': 'clusterTrustBundle',
    'volume.source.csi': 'csi {driver}',
    'volume.source.nfs': '{server}:{path}',
    'volume.source.image': 'image {reference}',
    // A source the model does not know: the spec's key, as written.
    'volume.source.said': '{text}',
  },
  {
    'gap.consequence.nodes': '파드는 spec.nodeName으로 묶어 그립니다. 노드의 주소, 상태 조건, 용량, 런타임은 알 수 없습니다.',
    'gap.consequence.pods': '파드도, 컨테이너도, 볼륨도 그릴 수 없습니다.',
    'gap.consequence.persistentvolumeclaims': '클레임은 이름만 보입니다. 단계, 크기, 바인딩된 볼륨은 알 수 없습니다.',
    'gap.consequence.nodesInferred': '파드들로 미루어 본 노드는 파드의 spec.nodeName으로만 그립니다. 그 주소, 상태 조건, 용량, 런타임은 알 수 없습니다.',
    'gap.consequence.persistentvolumes': '바인딩된 볼륨은 이름만 보입니다. 소스, 용량, 반환 정책은 알 수 없습니다.',
    'gap.consequence.namespaces': '네임스페이스는 파드에서 알아냅니다. 파드가 없는 네임스페이스는 보이지 않습니다.',
    'gap.consequence.duplicates': 'UID나 이름이 같은 객체는 처음 것만 그립니다.',
    'gap.said': '{text}',
    'volume.source.configMap': '컨피그맵 {name}',
    'volume.source.secret': '시크릿 {name}',
    'volume.source.claim': '퍼시스턴트 볼륨 클레임 {name}',
    'volume.source.ephemeralClaim': '임시 볼륨 클레임 {name}',
    'volume.source.hostPath': '호스트 경로 {path}',
    'volume.source.hostPath.typed': '호스트 경로 {path} ({kind})',
    'volume.source.emptyDir': '빈 디렉터리',
    'volume.source.emptyDir.medium': '빈 디렉터리, 매체 {medium}',
    'volume.source.emptyDir.size': '빈 디렉터리, 최대 {size}',
    'volume.source.emptyDir.mediumSize': '빈 디렉터리, 매체 {medium}, 최대 {size}',
    'volume.source.projected': '프로젝티드 볼륨',
    'volume.source.serviceAccountToken': '서비스 어카운트 토큰',
    'volume.source.downwardAPI': '다운워드 API',
    'volume.source.downwardAPI.paths': '다운워드 API {paths}',
    'volume.source.clusterTrustBundle': '클러스터 신뢰 번들 {name}',
    'volume.source.clusterTrustBundle.unnamed': '클러스터 신뢰 번들',
    'volume.source.csi': 'CSI {driver}',
    'volume.source.nfs': '{server}:{path}',
    'volume.source.image': '이미지 {reference}',
    'volume.source.said': '{text}',
  },
);

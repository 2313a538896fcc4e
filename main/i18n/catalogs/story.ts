// The words of the teaching hooks on events (issue 12, item 3): a pod's
// scheduling story under the C1 lens, and the kubelet's pulls beside a
// container's image (C7 and C10 add what the pull teaches). The events'
// notes are the cluster's text, shown as written.

import { catalog } from '../message.ts';

export const storyCatalog = catalog(
  {
    'story.scheduling.title': 'How the control plane placed this pod',
    'story.scheduling.lead': 'The scheduler is part of the control plane: it picks a worker for each new pod and binds the pod to it. Its events tell the story.',
    'story.scheduling.scheduled': 'The scheduler bound this pod to {node}.',
    'story.scheduling.scheduledNoNode': 'The scheduler bound this pod to a node.',
    'story.scheduling.failed': 'The scheduler could not place this pod yet.',
    'story.scheduling.pending': 'This pod still waits for a node. The scheduler says why:',
    'story.scheduling.waiting': 'This pod still waits for a node, and the scheduler has said nothing about it (yet).',
    'story.scheduling.none': 'No scheduler events are left for this pod: the API server keeps events for about an hour.',
    'story.scheduling.static': 'A static pod is not scheduled: the kubelet of its node starts it from a file on the node.',
    'story.pull.title': 'Pulls by the kubelet',
    'story.pull.pulling': 'Pulling',
    'story.pull.pulled': 'Pulled',
    'story.pull.present': 'Already on the node',
    'story.pull.failed': 'Pull failed',
    'story.pull.backoff': 'Waiting to try again',
    'story.pull.none': 'No pull events are left for this container: the API server keeps events for about an hour.',
    'story.pull.C7': 'The kubelet pulled the image onto its node, where it stays in the node\'s image cache: "already on the node" means a pull found it there and fetched nothing.',
    'story.pull.C10': 'A pull fetches the image\'s layers one by one; the digest the runtime reports names exactly the content that was pulled.',
    'story.hint.C1': 'Select a pod: its details tell, from its events, how the scheduler placed it.',
    'story.hint.pull': 'Select a container: its Image section lists the kubelet\'s pulls of the image, from its events.',
  },
  {
    'story.scheduling.title': '컨트롤 플레인이 이 파드를 배치한 과정',
    'story.scheduling.lead': '스케줄러는 컨트롤 플레인의 한 부분으로, 새 파드마다 워커를 골라 파드를 그 노드에 바인딩합니다. 그 과정이 스케줄러의 이벤트에 남습니다.',
    'story.scheduling.scheduled': '스케줄러가 이 파드를 {node}에 바인딩했습니다.',
    'story.scheduling.scheduledNoNode': '스케줄러가 이 파드를 노드에 바인딩했습니다.',
    'story.scheduling.failed': '스케줄러가 아직 이 파드를 배치하지 못했습니다.',
    'story.scheduling.pending': '이 파드는 아직 노드를 기다립니다. 스케줄러가 알려 준 까닭:',
    'story.scheduling.waiting': '이 파드는 아직 노드를 기다리며, 스케줄러는 (아직) 아무것도 알리지 않았습니다.',
    'story.scheduling.none': '이 파드의 스케줄러 이벤트가 남아 있지 않습니다. API 서버는 이벤트를 한 시간쯤 보관합니다.',
    'story.scheduling.static': '스태틱 파드는 스케줄되지 않습니다. 노드의 kubelet이 노드의 파일을 보고 직접 띄웁니다.',
    'story.pull.title': 'kubelet이 이미지를 가져온 기록',
    'story.pull.pulling': '가져오는 중',
    'story.pull.pulled': '가져옴',
    'story.pull.present': '이미 노드에 있음',
    'story.pull.failed': '가져오기 실패',
    'story.pull.backoff': '다시 시도하기를 기다림',
    'story.pull.none': '이 컨테이너의 이미지 가져오기 이벤트가 남아 있지 않습니다. API 서버는 이벤트를 한 시간쯤 보관합니다.',
    'story.pull.C7': 'kubelet은 이미지를 자기 노드로 가져오고, 이미지는 노드의 이미지 캐시에 남습니다. "이미 노드에 있음"은 가져오려다 캐시에서 찾아 아무것도 받지 않았다는 뜻입니다.',
    'story.pull.C10': '가져오기는 이미지의 레이어를 하나씩 받습니다. 런타임이 알려 주는 다이제스트가 받은 내용을 정확히 가리킵니다.',
    'story.hint.C1': '파드를 고르면 상세 정보에 스케줄러가 그 파드를 배치한 과정이 이벤트로 나옵니다.',
    'story.hint.pull': '컨테이너를 고르면 이미지 부분에 kubelet이 그 이미지를 가져온 기록이 이벤트로 나옵니다.',
  },
);

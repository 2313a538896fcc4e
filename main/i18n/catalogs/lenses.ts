// The concept lenses' words (renderer/teach/lenses.ts, renderer/app/lens-panel.ts):
// what each idea is, and the sentences its real examples are told in. Values in
// braces come from the cluster (names, IPs, sizes) and are put in as text.
// Korean pod terms follow the Korean Kubernetes documentation (파드, 노드,
// 컨트롤 플레인, 퍼시스턴트볼륨클레임…).

import { catalog } from '../message.ts';

export const lensesCatalog = catalog(
  {
    // the picker and the panel
    'lens.picker.label': 'Concept lens',
    'lens.picker.none': 'No lens',
    'lens.picker.option': '{id} · {title}',
    'lens.panel.label': 'Concept lens {id}',
    'lens.panel.examples': 'On this cluster',
    'lens.panel.example': 'Show example {index}',
    'lens.panel.more': '{count} more examples are highlighted in the picture.',
    'lens.panel.notes': 'Good to know',
    'lens.panel.close': 'Close the lens (Esc)',
    'lens.panel.highlighted': '{count} objects highlighted',
    'lens.panel.keys': 'Keys: L then 1–9, 0 (C10) or - (C11) picks a lens; Esc closes it.',
    'lens.injected.collapse': 'Collapse injected volumes',
    'lens.injected.expand': 'Show injected volumes',
    'lens.missing': 'This cluster has no example of this idea.',
    'lens.note.summarized': 'This cluster is large, so the picture has each pod in summary: volumes, ports and resources are left out here.',
    'lens.image.usedBy': 'Used by {count} containers: {containers}.',
    'lens.image.usedByOne': 'Used by one container: {container} in {pod}.',

    'lens.C1.title': 'Control plane and workers',
    'lens.C1.summary':
      'A cluster is control-plane nodes plus worker nodes. The control plane looks after the workers, each worker (its kubelet) looks after its pods, and each pod looks after its containers: the boxes inside boxes of this picture.',
    'lens.C1.statics': '{node} is a control-plane node. It runs {count} static pods, which its kubelet starts from files on the node rather than from the API: {pods}.',
    'lens.C1.plane': '{node} is a control-plane node.',
    'lens.C1.workers': 'It looks after {count} worker nodes: {nodes}.',
    'lens.C1.alone': 'There is no separate worker: {node} runs the workloads itself.',
    'lens.C1.nesting': 'Each worker runs its own pods, and each pod its own containers.',
    'lens.C1.hidden': 'No control-plane node is visible, only {count} workers: managed clusters run the control plane out of sight.',
    'lens.C1.missing': 'No control-plane node is visible. Managed clusters (EKS, GKE, AKS) run the control plane out of sight, so only workers appear.',

    'lens.C2.title': 'A pod holds its containers',
    'lens.C2.summary':
      'Kubernetes does not place containers one by one: the smallest thing it schedules is the pod, a box that holds one or more containers. They land on the same node and live and die together.',
    'lens.C2.pod': '{pod} holds {count} containers: {containers}. The scheduler placed them together, as one pod, on {node}.',
    'lens.C2.unscheduled': '{pod} holds {count} containers: {containers}. It is not on a node yet; when it is placed, all of them go to the same node.',
    'lens.C2.init': '{container} is an init container: it runs to the end before the others start.',
    'lens.C2.sidecar': '{container} is a sidecar: it starts first and keeps running beside the app.',
    'lens.C2.ephemeral': '{container} is an ephemeral container, added later for debugging.',
    'lens.C2.missing': 'Every pod here has a single container. A pod with a helper beside its app (a log shipper, a proxy) would show two or more.',

    'lens.C3.title': 'One IP per pod',
    'lens.C3.summary':
      'Each pod gets its own IP address, and all its containers share it along with one network namespace. That is why the IP is written on the pod and not on its containers, and why containers of one pod reach each other on localhost.',
    'lens.C3.shared': "{pod}'s {count} containers share one IP, {ip}.",
    'lens.C3.localhostPort': '{from} reaches {to} at localhost:{port}, without leaving the pod.',
    'lens.C3.localhost': '{from} and {to} reach each other on localhost, without leaving the pod.',
    'lens.C3.hostNetwork': "{pod} uses the host network: its IP {ip} is {node}'s own address, and the ports it opens are the node's ports.",
    'lens.C3.dualStack': '{pod} has {count} IPs, one per address family (dual stack): {ips}.',
    'lens.C3.single': '{pod} has the IP {ip}; its container {container} uses it.',
    'lens.C3.missing': 'No pod has an IP yet: a pod gets one when it starts on a node.',

    'lens.C4.title': 'The pod looks after its containers',
    'lens.C4.summary':
      'The kubelet watches every container of a pod: is it ready, how often has it restarted. The pod also lets its containers share things: a volume belongs to the pod, and any of its containers can mount it.',
    'lens.C4.sharedVolume': 'In {pod}, {count} containers share the volume {volume} ({type}): {containers}.',
    'lens.C4.mount': '{container} mounts it at {path}.',
    'lens.C4.mountReadOnly': '{container} mounts it read-only at {path}.',
    'lens.C4.sharedClaim': 'The claim {claim} is used by {count} pods: {pods}. The storage outlives each of them.',
    'lens.C4.notReady': '{container} in {pod} is not ready ({state}) and has restarted {restarts} times.',
    'lens.C4.restarted': '{container} in {pod} is ready, but has restarted {restarts} times.',
    'lens.C4.healthy': '{container} in {pod}: ready, {restarts} restarts.',
    'lens.C4.injected': 'The kube-api-access volume Kubernetes adds to almost every pod is mounted by all its containers; it is left out here.',
    'lens.C4.missing': 'No volume is shared by two containers or two pods, and every container is ready with no restarts.',

    'lens.C5.title': 'Containers share the kernel',
    'lens.C5.summary':
      'A container is an isolated space with its own processes, network view and share of CPU and memory, yet it is not a virtual machine: every container on a node runs on that node’s one kernel. Requests reserve CPU and memory for a container; limits cap it.',
    'lens.C5.both': '{container} in {pod} requests {requests} and is limited to {limits}.',
    'lens.C5.requests': '{container} in {pod} requests {requests} and has no limit.',
    'lens.C5.limits': '{container} in {pod} is limited to {limits}.',
    'lens.C5.sharesKernel': '{container} runs on the kernel of {node}, {kernel}, like every container there.',
    'lens.C5.kernel': '{node} runs {os}, kernel {kernel}; its {count} containers all share that kernel.',
    'lens.C5.missing': 'No container declares requests or limits, and no node reports its kernel.',

    'lens.C6.title': 'A runtime runs the containers',
    'lens.C6.summary':
      'Kubernetes does not start containers itself: the kubelet on each node asks a container runtime to, through the CRI. Docker is one way to run containers; containerd, CRI-O and Kata Containers are others.',
    'lens.C6.node': '{node} runs its containers with {runtime} {version} (kubelet {kubelet}).',
    'lens.C6.nodeRaw': '{node} reports its runtime as {raw} (kubelet {kubelet}).',
    'lens.C6.mixed': 'This cluster mixes {count} runtimes ({runtimes}); the same pods run on any of them.',
    'lens.C6.missing': 'No node reports its container runtime (nodeInfo.containerRuntimeVersion).',

    'lens.C7.title': 'Images stay on the node',
    'lens.C7.summary':
      'An image is like a program file and a container is that program running. A node keeps the images it pulled in its cache; deleting a container leaves its image behind, taking disk space until the image is removed too.',
    'lens.C7.cache': '{node} keeps {count} images, {size} in all; the largest is {image} ({imageSize}).',
    'lens.C7.running': '{container} in {pod} is a running copy of {image}, which the cache holds ({size}).',
    'lens.C7.unused': '{count} cached images run in no container on {node}, such as {image} ({size}): deleting pods did not free that space.',
    'lens.C7.allUsed': 'Every image {node} lists is used by a running container.',
    'lens.C7.full': "{node} lists {count} images, the kubelet's limit: the cache may hold more, so the list cannot tell which images are missing or unused.",
    'lens.C7.limit': 'The kubelet reports at most {limit} images per node by default (node.status.images).',
    'lens.C7.limitReached': 'The kubelet reports at most {limit} images per node by default (node.status.images); a node at that count may have more.',
    'lens.C7.missing': 'No node reports its image cache (node.status.images).',

    'lens.C8.title': 'Registry, owner, name',
    'lens.C8.summary':
      'An image name reads registry/owner/name:tag. What is not written is filled in: Docker Hub (docker.io) as the registry, library as the owner of official images, latest as the tag.',
    'lens.C8.parts': '{raw}: registry {registry}, owner {owner}, name {name}, tag {tag}.',
    'lens.C8.partsDigest': '{raw}: registry {registry}, owner {owner}, name {name}, no tag but the digest {digest}.',
    'lens.C8.partsNoOwner': '{raw}: registry {registry}, name {name} with no owner part, tag {tag}.',
    'lens.C8.partsNoOwnerDigest': '{raw}: registry {registry}, name {name} with no owner part, no tag but the digest {digest}.',
    'lens.C8.defaultRegistry': 'No registry was written, so {registry} is used.',
    'lens.C8.defaultOwner': 'No owner was written: on Docker Hub that means an official image, under {owner}.',
    'lens.C8.defaultTag': 'No tag was written, so {tag} is used.',
    'lens.C8.written': 'Every part was written out; nothing was filled in.',
    'lens.C8.missing': 'No container image is known.',

    'lens.C9.title': 'Tags name versions',
    'lens.C9.summary':
      'A tag names one version of an image, like nginx:1.27. Without one, latest is used, and latest is only a label that moves with every push: two nodes may run different code under it. stable and version numbers are other tags.',
    'lens.C9.missingTag': '{raw} names no tag, so {canonical} is pulled: whatever latest was at that moment.',
    'lens.C9.latest': '{raw} asks for latest, which moves with each push: a restart elsewhere may bring other code.',
    'lens.C9.missing': 'Every image here names a tag other than latest. An image written as nginx or nginx:latest would show here.',

    'lens.C10.title': 'Digests pin the content',
    'lens.C10.summary':
      'An image is a stack of layers, pulled one by one, and its digest (sha256:…) is a hash of its exact content. A tag can be moved to other content; a digest cannot. A reference can pin one, and the runtime reports the one it resolved.',
    'lens.C10.pinned': '{raw} is pinned to {digest}: every node pulls exactly this content.',
    'lens.C10.sameDigest': 'The runtime resolved the same digest, {digest}.',
    'lens.C10.otherDigest': 'The runtime reports {digest}: another form of the same image (a platform image of a multi-platform index).',
    'lens.C10.resolved': '{raw} asked for the tag {tag}; the runtime resolved it to {digest} when it pulled.',
    'lens.C10.imageId': '{raw} runs as the image {digest}: an image ID, as a runtime reports for images loaded without a registry, which no registry serves.',
    'lens.C10.missing': 'No container pins a digest, and no runtime reported one (containerStatuses[].imageID).',

    'lens.C11.title': 'Official images',
    'lens.C11.summary':
      'Docker Hub marks some images official: curated images like nginx, postgres or busybox, kept under library/ and written with no owner. An image search lists each result with its registry, name, description, stars and its official and automated flags.',
    'lens.C11.official': '{raw} is an official Docker Hub image, {name}: in full, {canonical}.',
    'lens.C11.search': 'Whether an image is official is read from its name here; stars and descriptions need a registry search, which the app does not make.',
    'lens.C11.missing': 'No container runs an official Docker Hub image; the images here come from other owners or registries.',
  },
  {
    'lens.picker.label': '개념 렌즈',
    'lens.picker.none': '렌즈 없음',
    'lens.picker.option': '{id} · {title}',
    'lens.panel.label': '개념 렌즈 {id}',
    'lens.panel.examples': '이 클러스터에서',
    'lens.panel.example': '예시 {index} 보기',
    'lens.panel.more': '예시 {count}개가 더 그림에 강조되어 있습니다.',
    'lens.panel.notes': '알아 둘 점',
    'lens.panel.close': '렌즈 닫기 (Esc)',
    'lens.panel.highlighted': '강조된 객체 {count}개',
    'lens.panel.keys': '키: L 다음 1–9, 0(C10), -(C11)로 렌즈를 고르고 Esc로 닫습니다.',
    'lens.injected.collapse': '자동 주입 볼륨 접기',
    'lens.injected.expand': '자동 주입 볼륨 펼치기',
    'lens.missing': '이 클러스터에는 이 개념의 예시가 없습니다.',
    'lens.note.summarized': '클러스터가 커서 그림에는 파드가 요약되어 있습니다. 볼륨, 포트, 리소스는 여기서 빠집니다.',
    'lens.image.usedBy': '사용하는 컨테이너 {count}개: {containers}.',
    'lens.image.usedByOne': '사용하는 컨테이너 하나: {pod}의 {container}.',

    'lens.C1.title': '컨트롤 플레인과 워커',
    'lens.C1.summary':
      '클러스터는 컨트롤 플레인 노드와 워커 노드로 이루어집니다. 컨트롤 플레인은 워커를 돌보고, 각 워커(의 kubelet)는 자기 파드를, 각 파드는 자기 컨테이너를 돌봅니다. 이 그림에서 상자 안의 상자가 바로 그 관계입니다.',
    'lens.C1.statics': '{node}은(는) 컨트롤 플레인 노드입니다. API가 아니라 노드의 파일을 보고 kubelet이 직접 띄우는 스태틱 파드 {count}개를 실행합니다: {pods}.',
    'lens.C1.plane': '{node}은(는) 컨트롤 플레인 노드입니다.',
    'lens.C1.workers': '워커 노드 {count}개를 돌봅니다: {nodes}.',
    'lens.C1.alone': '따로 워커가 없어서 {node}이(가) 워크로드도 직접 실행합니다.',
    'lens.C1.nesting': '각 워커는 자기 파드를, 각 파드는 자기 컨테이너를 실행합니다.',
    'lens.C1.hidden': '컨트롤 플레인 노드는 보이지 않고 워커 {count}개만 보입니다. 관리형 클러스터는 컨트롤 플레인을 보이지 않는 곳에서 운영합니다.',
    'lens.C1.missing': '보이는 컨트롤 플레인 노드가 없습니다. 관리형 클러스터(EKS, GKE, AKS)는 컨트롤 플레인을 감춰 두므로 워커만 나타납니다.',

    'lens.C2.title': '파드는 컨테이너를 담는다',
    'lens.C2.summary':
      '쿠버네티스는 컨테이너를 하나씩 배치하지 않습니다. 스케줄링하는 가장 작은 단위는 파드이고, 파드는 컨테이너 하나 이상을 담는 상자입니다. 그 컨테이너들은 같은 노드에 놓이고 함께 살고 함께 사라집니다.',
    'lens.C2.pod': '{pod}에는 컨테이너 {count}개가 있습니다: {containers}. 스케줄러가 이들을 하나의 파드로 묶어 {node}에 배치했습니다.',
    'lens.C2.unscheduled': '{pod}에는 컨테이너 {count}개가 있습니다: {containers}. 아직 노드에 배치되지 않았고, 배치되면 모두 같은 노드로 갑니다.',
    'lens.C2.init': '{container}은(는) 초기화 컨테이너입니다. 다른 컨테이너가 시작하기 전에 끝까지 실행됩니다.',
    'lens.C2.sidecar': '{container}은(는) 사이드카입니다. 먼저 시작해서 앱 옆에서 계속 실행됩니다.',
    'lens.C2.ephemeral': '{container}은(는) 디버깅을 위해 나중에 추가한 임시 컨테이너입니다.',
    'lens.C2.missing': '여기의 파드는 모두 컨테이너가 하나뿐입니다. 앱 옆에 도우미(로그 수집기, 프록시)를 둔 파드라면 둘 이상이 보입니다.',

    'lens.C3.title': '파드마다 IP 하나',
    'lens.C3.summary':
      '파드는 각자 IP 주소를 받고, 그 안의 컨테이너는 모두 이 주소와 하나의 네트워크 네임스페이스를 함께 씁니다. 그래서 IP는 컨테이너가 아니라 파드에 적혀 있고, 같은 파드의 컨테이너는 localhost로 서로 닿습니다.',
    'lens.C3.shared': '{pod}의 컨테이너 {count}개는 IP {ip} 하나를 함께 씁니다.',
    'lens.C3.localhostPort': '{from}은(는) 파드 밖으로 나가지 않고 localhost:{port}(으)로 {to}에 닿습니다.',
    'lens.C3.localhost': '{from}와(과) {to}은(는) 파드 밖으로 나가지 않고 localhost로 서로 닿습니다.',
    'lens.C3.hostNetwork': '{pod}은(는) 호스트 네트워크를 씁니다. IP {ip}은(는) {node} 자신의 주소이고, 여는 포트도 노드의 포트입니다.',
    'lens.C3.dualStack': '{pod}은(는) 주소 체계마다 하나씩 IP {count}개를 가집니다(듀얼 스택): {ips}.',
    'lens.C3.single': '{pod}의 IP는 {ip}이고, 컨테이너 {container}이(가) 이 주소를 씁니다.',
    'lens.C3.missing': '아직 IP가 있는 파드가 없습니다. 파드는 노드에서 시작될 때 IP를 받습니다.',

    'lens.C4.title': '파드는 컨테이너를 돌본다',
    'lens.C4.summary':
      'kubelet은 파드의 컨테이너를 하나하나 지켜봅니다. 준비되었는지, 몇 번 재시작했는지. 파드는 컨테이너들이 무언가를 함께 쓰게도 해 줍니다. 볼륨은 파드에 속하고, 파드의 어느 컨테이너든 그 볼륨을 마운트할 수 있습니다.',
    'lens.C4.sharedVolume': '{pod}에서 컨테이너 {count}개가 볼륨 {volume}({type})을(를) 함께 씁니다: {containers}.',
    'lens.C4.mount': '{container}은(는) 이 볼륨을 {path}에 마운트합니다.',
    'lens.C4.mountReadOnly': '{container}은(는) 이 볼륨을 {path}에 읽기 전용으로 마운트합니다.',
    'lens.C4.sharedClaim': '퍼시스턴트볼륨클레임 {claim}을(를) 파드 {count}개가 씁니다: {pods}. 저장소는 각 파드보다 오래 남습니다.',
    'lens.C4.notReady': '{pod}의 {container}은(는) 준비되지 않았고({state}) {restarts}번 재시작했습니다.',
    'lens.C4.restarted': '{pod}의 {container}은(는) 준비되었지만 {restarts}번 재시작했습니다.',
    'lens.C4.healthy': '{pod}의 {container}: 준비됨, 재시작 {restarts}번.',
    'lens.C4.injected': '쿠버네티스가 거의 모든 파드에 넣는 kube-api-access 볼륨은 모든 컨테이너가 마운트하므로 여기서는 뺐습니다.',
    'lens.C4.missing': '두 컨테이너나 두 파드가 함께 쓰는 볼륨이 없고, 모든 컨테이너가 재시작 없이 준비되어 있습니다.',

    'lens.C5.title': '컨테이너는 커널을 공유한다',
    'lens.C5.summary':
      '컨테이너는 자기 프로세스, 네트워크, CPU와 메모리 몫을 가진 격리된 공간이지만 가상 머신은 아닙니다. 한 노드의 컨테이너는 모두 그 노드의 커널 하나 위에서 실행됩니다. 요청(requests)은 컨테이너에 CPU와 메모리를 확보해 주고, 제한(limits)은 상한을 둡니다.',
    'lens.C5.both': '{pod}의 {container}은(는) {requests}을(를) 요청하고 {limits}(으)로 제한됩니다.',
    'lens.C5.requests': '{pod}의 {container}은(는) {requests}을(를) 요청하고 제한은 없습니다.',
    'lens.C5.limits': '{pod}의 {container}은(는) {limits}(으)로 제한됩니다.',
    'lens.C5.sharesKernel': '{container}은(는) 그곳의 다른 컨테이너처럼 {node}의 커널 {kernel} 위에서 실행됩니다.',
    'lens.C5.kernel': '{node}은(는) {os}, 커널 {kernel}을(를) 실행하고, 그 위의 컨테이너 {count}개가 모두 이 커널을 공유합니다.',
    'lens.C5.missing': '요청이나 제한을 둔 컨테이너가 없고, 커널을 알려 주는 노드도 없습니다.',

    'lens.C6.title': '런타임이 컨테이너를 실행한다',
    'lens.C6.summary':
      '쿠버네티스는 컨테이너를 직접 띄우지 않습니다. 각 노드의 kubelet이 CRI를 통해 컨테이너 런타임에 부탁합니다. Docker는 컨테이너를 실행하는 한 방법이고, containerd, CRI-O, Kata Containers도 있습니다.',
    'lens.C6.node': '{node}은(는) {runtime} {version}(으)로 컨테이너를 실행합니다(kubelet {kubelet}).',
    'lens.C6.nodeRaw': '{node}은(는) 런타임을 {raw}(으)로 알립니다(kubelet {kubelet}).',
    'lens.C6.mixed': '이 클러스터는 런타임 {count}종({runtimes})을 섞어 씁니다. 같은 파드가 어느 쪽에서든 실행됩니다.',
    'lens.C6.missing': '컨테이너 런타임을 알려 주는 노드가 없습니다(nodeInfo.containerRuntimeVersion).',

    'lens.C7.title': '이미지는 노드에 남는다',
    'lens.C7.summary':
      '이미지는 실행 파일과 같고 컨테이너는 그 프로그램이 실행 중인 모습입니다. 노드는 받아 온 이미지를 캐시에 둡니다. 컨테이너를 지워도 이미지는 남아 디스크를 차지하므로, 이미지도 따로 지워야 공간이 비워집니다.',
    'lens.C7.cache': '{node}은(는) 이미지 {count}개, 모두 {size}을(를) 보관하고 있습니다. 가장 큰 것은 {image}({imageSize})입니다.',
    'lens.C7.running': '{pod}의 {container}은(는) 캐시에 있는 {image}({size})을(를) 실행한 것입니다.',
    'lens.C7.unused': '캐시의 이미지 {count}개는 {node}의 어느 컨테이너도 쓰지 않습니다. 예: {image}({size}). 파드를 지워도 이 공간은 비워지지 않았습니다.',
    'lens.C7.allUsed': '{node}이(가) 알려 준 이미지는 모두 실행 중인 컨테이너가 쓰고 있습니다.',
    'lens.C7.full': '{node}은(는) kubelet의 한도인 이미지 {count}개를 알려 줍니다. 캐시에는 더 있을 수 있어, 이 목록만으로는 어떤 이미지가 없거나 안 쓰이는지 알 수 없습니다.',
    'lens.C7.limit': 'kubelet은 기본적으로 노드마다 이미지를 최대 {limit}개까지만 알려 줍니다(node.status.images).',
    'lens.C7.limitReached': 'kubelet은 기본적으로 노드마다 이미지를 최대 {limit}개까지만 알려 줍니다(node.status.images). 그 수에 이른 노드에는 더 있을 수 있습니다.',
    'lens.C7.missing': '이미지 캐시를 알려 주는 노드가 없습니다(node.status.images).',

    'lens.C8.title': '레지스트리, 소유자, 이름',
    'lens.C8.summary':
      '이미지 이름은 레지스트리/소유자/이름:태그로 읽습니다. 적지 않은 부분은 채워집니다. 레지스트리는 Docker Hub(docker.io), 공식 이미지의 소유자는 library, 태그는 latest입니다.',
    'lens.C8.parts': '{raw}: 레지스트리 {registry}, 소유자 {owner}, 이름 {name}, 태그 {tag}.',
    'lens.C8.partsDigest': '{raw}: 레지스트리 {registry}, 소유자 {owner}, 이름 {name}, 태그 없이 다이제스트 {digest}.',
    'lens.C8.partsNoOwner': '{raw}: 레지스트리 {registry}, 소유자 부분이 없는 이름 {name}, 태그 {tag}.',
    'lens.C8.partsNoOwnerDigest': '{raw}: 레지스트리 {registry}, 소유자 부분이 없는 이름 {name}, 태그 없이 다이제스트 {digest}.',
    'lens.C8.defaultRegistry': '레지스트리를 적지 않아 {registry}이(가) 쓰입니다.',
    'lens.C8.defaultOwner': '소유자를 적지 않았습니다. Docker Hub에서는 {owner} 아래의 공식 이미지라는 뜻입니다.',
    'lens.C8.defaultTag': '태그를 적지 않아 {tag}이(가) 쓰입니다.',
    'lens.C8.written': '모든 부분을 적어서 채워진 것이 없습니다.',
    'lens.C8.missing': '알려진 컨테이너 이미지가 없습니다.',

    'lens.C9.title': '태그는 버전을 가리킨다',
    'lens.C9.summary':
      '태그는 nginx:1.27처럼 이미지의 한 버전을 가리킵니다. 태그가 없으면 latest가 쓰이는데, latest는 푸시할 때마다 옮겨지는 이름일 뿐이라 두 노드가 같은 이름으로 다른 코드를 실행할 수 있습니다. "stable" 같은 이름이나 버전 번호도 태그입니다.',
    'lens.C9.missingTag': '{raw}에는 태그가 없어 {canonical}을(를) 받습니다. 받은 그 순간의 latest입니다.',
    'lens.C9.latest': '{raw}은(는) 푸시마다 옮겨지는 latest를 요청합니다. 다른 곳에서 재시작하면 다른 코드가 올 수 있습니다.',
    'lens.C9.missing': '여기의 이미지는 모두 latest가 아닌 태그를 적었습니다. nginx나 nginx:latest로 적은 이미지라면 여기에 보입니다.',

    'lens.C10.title': '다이제스트는 내용을 고정한다',
    'lens.C10.summary':
      '이미지는 레이어를 쌓은 것이고, 받을 때 레이어를 하나씩 가져옵니다. 다이제스트(sha256:…)는 그 정확한 내용의 해시입니다. 태그는 다른 내용으로 옮겨질 수 있지만 다이제스트는 그럴 수 없습니다. 참조에 다이제스트를 고정할 수 있고, 런타임은 받을 때 확인한 다이제스트를 알려 줍니다.',
    'lens.C10.pinned': '{raw}은(는) {digest}(으)로 고정되어 있어 모든 노드가 정확히 이 내용을 받습니다.',
    'lens.C10.sameDigest': '런타임도 같은 다이제스트 {digest}을(를) 확인했습니다.',
    'lens.C10.otherDigest': '런타임은 {digest}을(를) 알려 줍니다. 같은 이미지의 다른 형태(멀티 플랫폼 인덱스 안의 플랫폼 이미지)입니다.',
    'lens.C10.resolved': '{raw}은(는) 태그 {tag}을(를) 요청했고, 런타임이 받을 때 이를 {digest}(으)로 확인했습니다.',
    'lens.C10.imageId': '{raw}은(는) 이미지 {digest}(으)로 실행됩니다. 레지스트리 없이 넣은 이미지에 런타임이 알려 주는 이미지 ID라서 어느 레지스트리도 제공하지 않습니다.',
    'lens.C10.missing': '다이제스트를 고정한 컨테이너가 없고, 런타임이 알려 준 다이제스트도 없습니다(containerStatuses[].imageID).',

    'lens.C11.title': '공식 이미지',
    'lens.C11.summary':
      'Docker Hub는 일부 이미지를 공식 이미지로 표시합니다. nginx, postgres, busybox처럼 관리되는 이미지로, library/ 아래에 있고 소유자 없이 적습니다. 이미지 검색 결과에는 레지스트리, 이름, 설명, 별 수, 공식 여부와 자동 빌드 여부가 나옵니다.',
    'lens.C11.official': '{raw}은(는) Docker Hub의 공식 이미지 {name}입니다. 전체 이름은 {canonical}입니다.',
    'lens.C11.search': '여기서는 이름으로 공식 이미지인지 판단합니다. 별 수와 설명은 레지스트리 검색이 필요한데, 앱은 검색하지 않습니다.',
    'lens.C11.missing': '공식 Docker Hub 이미지를 실행하는 컨테이너가 없습니다. 여기의 이미지는 다른 소유자나 레지스트리에서 왔습니다.',
  },
);

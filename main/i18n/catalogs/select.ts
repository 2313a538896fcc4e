// The words of a picture of a part of the cluster (main/model/select.ts):
// what the picture says of what was left out, the app's "Export selection"
// and why it cannot run, and the selection's errors.

import { catalog } from '../message.ts';

export const selectCatalog = catalog(
  {
    'pic.header.selection': 'part of the cluster',
    'pic.volume.outsidePods': '{detail} · +{n} pods outside',
    'pic.volume.outsidePod': '{detail} · +1 pod outside',
    'pic.node.outsidePods': '{n} pods outside the selection',
    'pic.node.outsidePod': '1 pod outside the selection',
    'select.error.syntax': '--select {selector}: expected {forms}',
    'select.error.none': 'Nothing is selected: select a node or a pod, or search, first.',
    'select.error.unmatched': 'Nothing matches {list}.',
    'select.exportSvg': 'Export selection as SVG…',
    'select.exportPng': 'Export selection as PNG…',
    'select.reason.none': 'Select a node or a pod, or search, to export just that part.',
  },
  {
    'pic.header.selection': '클러스터의 일부',
    'pic.volume.outsidePods': '{detail} · 밖의 파드 {n}개',
    'pic.volume.outsidePod': '{detail} · 밖의 파드 1개',
    'pic.node.outsidePods': '선택 밖의 파드 {n}개',
    'pic.node.outsidePod': '선택 밖의 파드 1개',
    'select.error.syntax': '--select {selector}: {forms} 형식이어야 합니다',
    'select.error.none': '선택한 것이 없습니다: 먼저 노드나 파드를 선택하거나 검색하세요.',
    'select.error.unmatched': '{list}에 맞는 것이 없습니다.',
    'select.exportSvg': '선택한 부분을 SVG로 내보내기…',
    'select.exportPng': '선택한 부분을 PNG로 내보내기…',
    'select.reason.none': '그 부분만 내보내려면 노드나 파드를 선택하거나 검색하세요.',
  },
);

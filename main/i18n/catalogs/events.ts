// The words of an object's events in its details (issue 12, item 1) and of
// the warning mark a pod carries in the picture. The events' own reason,
// note and reporter are the cluster's text, shown as written.

import { catalog } from '../message.ts';

export const eventsCatalog = catalog(
  {
    'events.title': 'Events',
    'events.titleOf': 'Events of {what}',
    'events.loading': 'Reading events…',
    'events.empty': 'No events. The API server keeps events for about an hour.',
    'events.none': 'This source has no events: a snapshot carries them only when saved with them.',
    'events.forbidden': 'Cannot read events: forbidden. {message}',
    'events.unavailable': 'Cannot read events: {message}',
    'events.failed': 'Could not ask for events: {message}',
    'events.count': '×{n}',
    'events.count.title': 'Happened {n} times',
    'events.first': 'first {when}',
    'events.last': 'last {when}',
    'events.by': 'by {reporter}',
    'events.type.Normal': 'Normal',
    'events.type.Warning': 'Warning',
    'events.more': '{n} older events not shown',
    'events.warningMark': 'Recent warning events',
  },
  {
    'events.title': '이벤트',
    'events.titleOf': '{what}의 이벤트',
    'events.loading': '이벤트를 읽는 중…',
    'events.empty': '이벤트가 없습니다. API 서버는 이벤트를 한 시간쯤 보관합니다.',
    'events.none': '이 소스에는 이벤트가 없습니다. 스냅숏은 이벤트와 함께 저장했을 때만 이벤트를 담습니다.',
    'events.forbidden': '이벤트를 읽을 수 없습니다: 권한이 없습니다. {message}',
    'events.unavailable': '이벤트를 읽을 수 없습니다: {message}',
    'events.failed': '이벤트를 묻지 못했습니다: {message}',
    'events.count': '×{n}',
    'events.count.title': '{n}번 일어남',
    'events.first': '처음 {when}',
    'events.last': '마지막 {when}',
    'events.by': '보고: {reporter}',
    'events.type.Normal': '정상',
    'events.type.Warning': '경고',
    'events.more': '오래된 이벤트 {n}개는 보이지 않습니다',
    'events.warningMark': '최근 경고 이벤트',
  },
);

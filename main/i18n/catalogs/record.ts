// The words of recordings (issue 11, item 8): the timeline of a recording
// shown, the Record button of a live cluster, and what the session says when
// either is asked for at the wrong time.

import { catalog } from '../message.ts';

export const recordCatalog = catalog(
  {
    'record.timeline': 'Recording timeline',
    'record.play': 'Play',
    'record.pause': 'Pause',
    'record.stepBack': 'Back one change',
    'record.stepForward': 'Forward one change',
    'record.position': 'Position in the recording',
    'record.speed': 'Speed',
    'record.time': '{t} of {duration}',
    'record.changes': 'change {n} of {total}',
    'record.cutShort': 'The recording was cut short (line {line}): shown up to the line before it.',
    'record.keys': 'Space plays or pauses; , and . step one change; in the timeline the arrow keys step',
    'record.button': 'Record',
    'record.button.title': "Record the cluster's changes from now; press again to stop and save the recording",
    'record.stop': 'Stop recording ({changes} changes)',
    'record.error.save': 'Could not save the recording: {message}',
    'record.error.noRecording': 'No recording is open.',
    'record.error.notLive': 'Only a live cluster can be recorded.',
    'record.error.notRecording': 'Nothing is being recorded.',
    'record.error.tooBig': 'The cluster is too big to record in the app: its first state alone is {mb} MB, over the {limit} MB a recording in the app may hold. {command} writes to a file as it goes.',
    'record.full': 'Recording stopped: full at {mb} MB. Save it ({changes} changes)',
    'record.save': 'Save the recording ({changes} changes)',
  },
  {
    'record.timeline': '녹화 타임라인',
    'record.play': '재생',
    'record.pause': '일시 정지',
    'record.stepBack': '변경 하나 뒤로',
    'record.stepForward': '변경 하나 앞으로',
    'record.position': '녹화 안의 위치',
    'record.speed': '속도',
    'record.time': '{t} / {duration}',
    'record.changes': '변경 {n} / {total}',
    'record.cutShort': '녹화가 중간에 끊겼습니다({line}번째 줄). 그 앞 줄까지 보여 줍니다.',
    'record.keys': '스페이스는 재생과 일시 정지, 쉼표와 마침표는 변경 하나씩 이동합니다. 타임라인 안에서는 화살표 키로 이동합니다',
    'record.button': '녹화',
    'record.button.title': '지금부터 클러스터의 변경을 녹화합니다. 다시 누르면 멈추고 녹화 파일을 저장합니다',
    'record.stop': '녹화 멈추기(변경 {changes}개)',
    'record.error.save': '녹화를 저장하지 못했습니다: {message}',
    'record.error.noRecording': '열린 녹화가 없습니다.',
    'record.error.notLive': '실행 중인 클러스터만 녹화할 수 있습니다.',
    'record.error.notRecording': '녹화하고 있지 않습니다.',
    'record.error.tooBig': '클러스터가 너무 커서 앱에서 녹화할 수 없습니다. 첫 상태만 {mb}MB로, 앱의 녹화가 담을 수 있는 {limit}MB를 넘습니다. {command} 명령은 녹화하면서 파일에 씁니다.',
    'record.full': '녹화가 멈췄습니다: {mb}MB가 다 찼습니다. 저장하기(변경 {changes}개)',
    'record.save': '녹화 저장하기(변경 {changes}개)',
  },
);

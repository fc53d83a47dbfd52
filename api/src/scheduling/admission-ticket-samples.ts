import { createHmac } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import { ticketQrPayload, type AdmissionTicketData } from './admission-ticket-document.js';

/**
 * Synthetic 准考证 data for tests, the benchmark (test/bench/admission-tickets.mjs) and for looking at the
 * layout. Deterministic: ticket i is always the same.
 */

/** A small "photo" PNG (w×h, truecolour, no alpha), made without any image library. */
export function sampleTicketPhoto(w = 90, h = 120, tint = 0): Uint8Array {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const inHead = (x - w / 2) ** 2 + (y - h * 0.38) ** 2 < (w * 0.22) ** 2;
      const inBody = y > h * 0.66 && (x - w / 2) ** 2 / (w * 0.4) ** 2 + (y - h) ** 2 / (h * 0.3) ** 2 < 1;
      const o = y * (w * 3 + 1) + 1 + x * 3;
      if (inHead || inBody) raw.fill(70 + tint, o, o + 3);
      else {
        raw[o] = 60;
        raw[o + 1] = 120 + Math.round((y / h) * 40);
        raw[o + 2] = 210;
      }
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(raw)),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  );
}

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '欧阳',
  '司马',
  '𠮷',
  '诸葛',
  '龚',
];
const GIVEN = [
  '伟',
  '秀英',
  '建国',
  '丽娟',
  '志强',
  '海燕',
  '䶮',
  '明轩',
  '桂芳',
  '国庆',
  '子涵',
  '德华',
  '祥',
];
const UNITS = [
  '示范市人民医院',
  '示范市第一中学',
  '示范省水利厅直属机关服务中心',
  '示范市公路事业发展中心',
  '示范县人民政府办公室机关事务服务中心',
];
const OCCUPATIONS: [string, string][] = [
  ['汽车驾驶员', '技师'],
  ['电工', '高级工'],
  ['中式烹调师', '中级工'],
  ['绿化工', '高级技师'],
  ['收银员', '初级工'],
];

const photos = new Map<number, Uint8Array>();

/** Ticket i of a synthetic batch: 3 sittings (theory at a machine, practical, 综合评审), one photo per 8. */
export function sampleTicket(i: number): AdmissionTicketData {
  const surname = SURNAMES[i % SURNAMES.length]!;
  const given = GIVEN[(i * 7) % GIVEN.length]!;
  const name = i === 0 ? '𠮷祥' : surname + given;
  const [occupation, level] = OCCUPATIONS[i % OCCUPATIONS.length]!;
  const room = Math.floor(i / 40) + 1;
  const seat = String((i % 40) + 1).padStart(2, '0');
  let photo = photos.get(i % 8);
  if (!photo) photos.set(i % 8, (photo = sampleTicketPhoto(90, 120, (i % 8) * 10)));
  const ticketNumber = `2026050${String(i + 1).padStart(6, '0')}`;
  const day = (d: number, h: number, m = 0) => new Date(Date.UTC(2026, 4, d, h - 8, m));
  return {
    ticketNumber,
    name,
    idNumber: `4107${String(11 + (i % 80)).padStart(2, '0')}19${70 + (i % 30)}0${(i % 9) + 1}1${i % 10}${String(i % 1000).padStart(3, '0')}X`,
    sex: i % 3 === 0 ? 'F' : 'M',
    photo,
    unitName: UNITS[i % UNITS.length]!,
    occupationName: occupation,
    levelName: level,
    regionName: '示范省',
    batchTitle: '2026年度第一批机关事业单位工勤技能岗位等级考核',
    sittings: [
      {
        componentName: '理论知识（人机对话）',
        subject: `${occupation}（${level}）理论`,
        startsAt: day(16, 9),
        endsAt: day(16, 10, 30),
        venueName: '示范市职业技能鉴定中心',
        roomName: `第 ${room} 考场（综合楼 ${200 + room} 机房）`,
        seatLabel: seat,
        machineId: `PC-${String(room).padStart(3, '0')}-${seat}`,
      },
      {
        componentName: '操作技能',
        subject: `${occupation}（${level}）实操`,
        startsAt: day(16, 14),
        endsAt: day(16, 16),
        venueName: '示范市职业技能鉴定中心',
        roomName: `实训楼 ${Math.floor(room / 5) + 1} 号实训室`,
        seatLabel: `${String.fromCharCode(65 + (i % 4))}-${(i % 10) + 1}`,
        machineId: null,
      },
      {
        componentName: '综合评审',
        subject: '业绩评审与答辩',
        startsAt: day(17, 9),
        endsAt: day(17, 9, 20),
        venueName: '示范省人力资源和社会保障厅',
        roomName: `第 ${(room % 6) + 1} 评审室（办公楼 5 层）`,
        seatLabel: String((i % 12) + 1),
        machineId: null,
      },
    ],
    qrPayload: ticketQrPayload(ticketNumber, (m) =>
      createHmac('sha256', 'sample-secret').update(m).digest('base64url').slice(0, 16),
    ),
    issuer: '示范省人力资源和社会保障厅',
  };
}

import { crc32, deflateSync } from 'node:zlib';
import type { DocumentSpec } from './document-model.js';

/** Sample documents for tests and for looking at the output: a 申报表 and a 名册. */

/** A small grey "photo" PNG (w×h), made without any image library. */
export function samplePhoto(w = 90, h = 120): Uint8Array {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const inHead = (x - w / 2) ** 2 + (y - h * 0.38) ** 2 < (w * 0.22) ** 2;
      const inBody = y > h * 0.62 && Math.abs(x - w / 2) < w * 0.38;
      const v = inHead || inBody ? 90 : 200 + Math.round((y / h) * 40);
      raw.fill(v, y * (w * 3 + 1) + 1 + x * 3, y * (w * 3 + 1) + 4 + x * 3);
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

/** A 申报表-like form: label/value grid, photo cell, tall 工作简历 row, signature rows. */
export function sampleApplicationForm(name = '𠮷祥'): DocumentSpec {
  const label = (text: string, extra: object = {}) => ({ kind: 'label' as const, text, ...extra });
  const value = (text: string, extra: object = {}) => ({ kind: 'value' as const, text, ...extra });
  return {
    title: '新乡市工勤技能岗位等级考核申报表',
    subtitle: '（2024年度）',
    meta: [['申报单位（盖章）：新乡市中心医院', '填表日期：2026年3月2日']],
    pageHeader: '新人社办〔2024〕22号',
    blocks: [
      {
        kind: 'form',
        columns: [1.2, 1.5, 1, 1.2, 1.2, 1.5, 1.6],
        rows: [
          {
            cells: [
              label('姓名'),
              value(name, { align: 'center' }),
              label('性别'),
              value('男', { align: 'center' }),
              label('出生年月'),
              value('1985年6月', { align: 'center' }),
              { kind: 'value', image: { data: samplePhoto(), fit: [72, 96] }, rowSpan: 4 },
            ],
            height: 24,
          },
          {
            cells: [
              label('民族'),
              value('汉族', { align: 'center' }),
              label('学历'),
              value('高中', { align: 'center' }),
              label('政治面貌'),
              value('群众', { align: 'center' }),
            ],
            height: 24,
          },
          {
            cells: [
              label('身份证号'),
              value('410702198506150012', { colSpan: 3 }),
              label('参加工作时间'),
              value('2005年7月'),
            ],
            height: 24,
          },
          {
            cells: [label('工作单位'), value('新乡市中心医院后勤保障部', { colSpan: 5 })],
            height: 24,
          },
          {
            cells: [
              label('现岗位等级'),
              value('四级（中级工）', { colSpan: 2 }),
              label('申报工种及等级'),
              value('电工　三级（高级工）', { colSpan: 3 }),
            ],
            height: 24,
          },
          {
            cells: [
              label('工作简历'),
              value(
                '2005.07—2012.06　新乡市中心医院后勤科　电工\n2012.07—至今　　新乡市中心医院后勤保障部　电工（班组长 王䶮 带班）',
                { colSpan: 6, verticalAlign: 'top' },
              ),
            ],
            height: 90,
          },
          {
            cells: [
              label('近五年年度考核'),
              value('2019 合格　2020 合格　2021 优秀　2022 合格　2023 优秀', { colSpan: 6 }),
            ],
            height: 24,
          },
          {
            cells: [
              label('所在单位意见'),
              {
                kind: 'value',
                colSpan: 6,
                signature: {
                  opinion: '该同志申报材料真实，符合申报条件，同意申报。',
                  signers: ['经办人', '负责人'],
                  seal: true,
                  date: true,
                },
              },
            ],
            height: 110,
          },
          {
            cells: [
              label('主管部门意见'),
              {
                kind: 'value',
                colSpan: 6,
                signature: { signers: ['经办人', '负责人'], seal: true, date: true },
              },
            ],
            height: 110,
          },
        ],
      },
      {
        kind: 'paragraph',
        text: '注：本表一式两份，由申报人如实填写，经所在单位审核并公示 5 个工作日无异议后报送。',
        fontSize: 9,
      },
    ],
  };
}

/** A 名册-like list over several pages, containing the rare names 王䶮 and 𠮷祥. */
export function sampleRoster(rows = 120): DocumentSpec {
  const surnames = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄'];
  const given = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰'];
  const data: (string | number)[][] = [];
  for (let i = 0; i < rows; i++) {
    const name =
      i === 3
        ? '王䶮'
        : i === 7
          ? '𠮷祥'
          : `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}${given[(i * 3) % given.length]}`;
    data.push([
      i + 1,
      name,
      i % 3 ? '男' : '女',
      '新乡市中心医院',
      i % 2 ? '电工' : '中式烹调师',
      i % 4 ? '三级' : '四级',
      `2024${String(1000 + i).padStart(5, '0')}`,
      60 + (i % 40),
    ]);
  }
  return {
    title: '2024年工勤技能岗位等级考核考生名册',
    orientation: 'landscape',
    meta: [['考核批次：2024年度', '制表单位：新乡市工考办']],
    blocks: [
      {
        kind: 'table',
        sheetName: '考生名册',
        headerGroups: [
          [
            { text: '考生信息', colSpan: 4 },
            { text: '申报信息', colSpan: 3 },
            { text: '成绩', colSpan: 1 },
          ],
        ],
        columns: [
          { title: '序号', width: 32, align: 'center' },
          { title: '姓名', width: 70, align: 'center' },
          { title: '性别', width: 32, align: 'center' },
          { title: '工作单位', width: '*' },
          { title: '工种', width: 90 },
          { title: '等级', width: 40, align: 'center' },
          { title: '准考证号', width: 90, align: 'center' },
          { title: '理论成绩', width: 50, align: 'right' },
        ],
        rows: data,
      },
      {
        kind: 'signatures',
        parties: [
          { title: '制表人', signers: ['制表人'], date: true, height: 60 },
          { title: '审核人', signers: ['审核人'], seal: true, date: true, height: 60 },
        ],
      },
    ],
  };
}

// The known strings the OCR eval set is rendered from (scripts/make-ocr-eval.ts picks and combines them with a
// seeded generator). Written for this project: everyday Chinese, English, numbers and mixed lines, using only
// characters in ppocr_keys_v1.txt (the script checks). Not imported by the app.

export const ZH_PHRASES = [
  '今天天气很好', '我们去公园散步', '请在这里签名', '欢迎光临本店', '祝你生日快乐', '明天上午九点开会',
  '请勿吸烟', '小心地滑', '出口在左边', '谢谢您的支持', '这本书很有意思', '他每天坚持跑步',
  '学习使我快乐', '春眠不觉晓', '处处闻啼鸟', '夜来风雨声', '花落知多少', '床前明月光', '疑是地上霜',
  '举头望明月', '低头思故乡', '火车站怎么走', '附近有没有银行', '我想买一张电影票', '这个多少钱',
  '可以便宜一点吗', '请把门关上', '会议室在三楼', '图书馆周末开放', '请排队候车', '注意安全',
  '保持安静', '禁止停车', '营业时间', '早上好', '晚安', '新年快乐', '身体健康', '万事如意',
  '人工智能改变生活', '数据中心正在升级', '网络连接已断开', '请检查您的密码', '文件已成功保存',
  '系统将在五分钟后重启', '下载完成', '正在加载中', '电池电量不足', '请输入验证码', '账户余额不足',
  '中华人民共和国', '北京欢迎你', '上海是一座国际化大都市', '长江是中国最长的河流', '黄河流域文化',
  '西湖的风景非常美丽', '桂林山水甲天下', '熊猫是国宝', '饺子和汤圆', '红烧肉和米饭', '一杯热茶',
  '妈妈做的菜最好吃', '老师布置了作业', '同学们认真听讲', '考试成绩出来了', '期末复习计划',
  '科学技术是第一生产力', '绿水青山就是金山银山', '读万卷书行万里路', '千里之行始于足下',
  '三人行必有我师', '知识就是力量', '时间就是金钱', '一分耕耘一分收获', '失败是成功之母',
  '机器学习模型', '神经网络训练', '图像识别准确率', '文字识别系统', '语音合成技术', '自然语言处理',
  '浏览器本地运行', '离线也能使用', '模型压缩与量化', '推理速度更快', '内存占用更少',
  '地铁二号线', '公交车站', '飞机场', '高速公路', '停车场入口', '收银台', '洗手间', '急诊室',
  '超市打折促销', '限时优惠', '买一送一', '新品上市', '售完即止', '免费送货上门',
];

export const EN_PHRASES = [
  'The quick brown fox jumps over the lazy dog', 'Hello world', 'Good morning', 'Thank you very much',
  'Please wait a moment', 'Open the door', 'Exit', 'No parking', 'Keep calm and carry on', 'Welcome home',
  'Machine learning in the browser', 'Runs offline on your laptop', 'Model compression', 'Quantization to int8',
  'Structured pruning removes channels', 'Character error rate', 'Text recognition', 'Optical character recognition',
  'Open source software', 'All rights reserved', 'Terms and conditions apply', 'Privacy policy',
  'Sign in with your email', 'Forgot your password?', 'Create a new account', 'Download complete',
  'Battery low', 'Connection lost', 'Saving changes', 'Loading, please wait', 'Try again later',
  'Meeting at three o\'clock', 'Room 204, second floor', 'Fresh bread every morning', 'Coffee and tea',
  'Open daily from 9 to 5', 'Closed on Sundays', 'Hot and cold drinks', 'Cash only', 'Free Wi-Fi',
  'Mind the gap', 'Emergency exit only', 'Staff only', 'Push', 'Pull', 'Danger: high voltage',
  'Please recycle', 'Handle with care', 'This side up', 'Made in China', 'Best before end',
  'Small steps every day', 'Practice makes perfect', 'Knowledge is power', 'Time is money',
  'Where there is a will, there is a way', 'Actions speak louder than words', 'Better late than never',
  'Read the manual first', 'Check your answers', 'Homework is due on Friday', 'Chapter seven: Results',
  'Table of contents', 'Introduction', 'Conclusion', 'References', 'Appendix B', 'Figure 3: Accuracy',
  'Neural networks learn features', 'Gradient descent', 'Batch normalization', 'Attention is all you need',
  'Hello, how are you?', 'I am fine, thanks!', 'See you tomorrow.', 'Happy birthday!', 'Merry Christmas',
  'Happy New Year', 'Good luck with your exams', 'Well done!', 'Great job, team.', 'Keep going',
  'Station Road', 'Main Street', 'City Library', 'Central Park', 'Airport Express', 'Platform 9',
  'Gate B12', 'Boarding pass', 'Departure time', 'Arrival hall', 'Baggage claim', 'Customs',
];

/** Short Latin tokens that appear inside Chinese text. */
export const MIXED_TOKENS = [
  'AI', 'Wi-Fi', 'USB', 'CPU', 'GPU', 'Python', 'WebGPU', 'ONNX', 'App', 'PDF', 'OCR', 'Excel', 'iPhone',
  'Android', 'GitHub', 'DNA', 'NBA', 'KTV', 'VIP', 'CEO', 'Email', 'Bug', 'Linux', 'Chrome', 'Java', 'HTML',
];

export const MIXED_TEMPLATES = [
  '打开 {t} 设置', '使用 {t} 编程', '我的 {t} 坏了', '请下载 {t} 文件', '{t} 技术发展很快', '{t} 会员专享',
  '新款 {t} 上市', '学习 {t} 的第{n}天', '{t} 版本 {v}', '第{n}章 {t} 入门', '这个 {t} 很好用', '连接 {t} 失败',
];

export const ZH_ENDINGS = ['', '', '。', '！', '？', '…'];

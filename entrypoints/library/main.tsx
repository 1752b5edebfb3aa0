import { render } from 'preact';
import '../../components/base.css';
import './library.css';
import { App } from './App';

render(<App />, document.getElementById('app')!);
